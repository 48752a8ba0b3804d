<?php
// Why: installs one empty test site (wp_install on a fresh database) and sets its URL, permalinks and timezone.
// Run by .ci/wordpress.sh with SINMUN_SITE and SINMUN_SITE_URL set (see bootstrap.php).

define('WP_INSTALLING', true);
define('WP_SITEURL', getenv('SINMUN_SITE_URL'));  // so wp_install() stores the right siteurl/home
require __DIR__ . '/bootstrap.php';

function wp_new_blog_notification() {}  // no mail; upgrade.php only defines it if missing
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

if (is_blog_installed()) {
    fwrite(STDERR, "database of $sinmun_site is not empty\n");
    exit(1);
}
wp_install('Sinmun Test Gazette', 'admin', 'admin@example.invalid', true, '', 'sinmun-admin-password', 'en_US');

update_option('siteurl', $sinmun_url);
update_option('home', $sinmun_url);
update_option('blogdescription', 'News from the test capital');
update_option('timezone_string', 'Asia/Pyongyang');
update_option('gmt_offset', '');
update_option('posts_per_page', 10);
update_option('default_pingback_flag', 0);
update_option('default_ping_status', 'closed');

global $wp_rewrite;
$wp_rewrite->set_permalink_structure($sinmun_site === 'pretty' ? '/%year%/%monthnum%/%day%/%postname%/' : '');
delete_option('rewrite_rules');  // generate_content.php builds them, with taxonomies registered

// drop the stock "Hello world!" post, "Sample Page" and privacy-policy draft (and its comment)
foreach (get_posts(['post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1]) as $p) {
    wp_delete_post($p->ID, true);
}
update_option('wp_page_for_privacy_policy', 0);

echo "installed $sinmun_site at ", home_url(), ' (permalinks: "', get_option('permalink_structure'), "\")\n";
