<?php
// Why: lets the CLI scripts here load WordPress (Debian's package) for one test site, as if serving a request to it.
// Env: SINMUN_SITE=pretty|plain; SINMUN_SITE_URL=http://127.0.0.1:PORT picks /etc/wordpress/config-sinmun-PORT.php.

$sinmun_site = getenv('SINMUN_SITE');
$sinmun_url = getenv('SINMUN_SITE_URL');
if (!in_array($sinmun_site, ['pretty', 'plain'], true) || !preg_match('#^http://127\.0\.0\.1:\d+$#', (string) $sinmun_url)) {
    fwrite(STDERR, "set SINMUN_SITE=pretty|plain and SINMUN_SITE_URL=http://127.0.0.1:PORT\n");
    exit(2);
}
$_SERVER['WORDPRESS_CONFIG'] = 'sinmun-' . parse_url($sinmun_url, PHP_URL_PORT);  // read by Debian's wp-config.php
$_SERVER['HTTP_HOST'] = substr($sinmun_url, strlen('http://'));
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = parse_url($sinmun_url, PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';

require '/usr/share/wordpress/wp-load.php';
