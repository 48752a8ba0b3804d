#!/usr/bin/env bash
# Why: gives sinmun's tests two REAL WordPress sites on loopback (pretty and plain permalinks)
# with identical deterministic content, plus a manifest of what a crawler should collect.
#
#   bash .ci/wordpress.sh          install (if needed), start, load content (if needed), write manifest
#   bash .ci/wordpress.sh stop     stop the MariaDB, php-fpm and nginx that this script started
#
# Environment: SINMUN_WP_DIR (default /tmp/sinmun-wordpress: data, logs, pid files, manifest.json),
# SINMUN_WP_PRETTY_PORT (8081), SINMUN_WP_PLAIN_PORT (8082), SINMUN_WP_FORCE=1 to reload content.
# Uses Debian 12's wordpress package (code in /usr/share/wordpress, wp-content in /var/lib/wordpress)
# with MariaDB (unix socket only), php-fpm and nginx (127.0.0.1 only). Must run as root.
set -euo pipefail

DIR=${SINMUN_WP_DIR:-/tmp/sinmun-wordpress}
PRETTY_PORT=${SINMUN_WP_PRETTY_PORT:-8081}
PLAIN_PORT=${SINMUN_WP_PLAIN_PORT:-8082}
PRETTY_URL="http://127.0.0.1:$PRETTY_PORT"
PLAIN_URL="http://127.0.0.1:$PLAIN_PORT"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRIPTS="$HERE/tests/wordpress"
SOCK="$DIR/mysqld/mysqld.sock"   # in a mysql-owned folder: mariadbd runs as mysql
FPM=/usr/sbin/php-fpm8.2
PACKAGES=(wordpress wordpress-theme-twentytwentythree nginx php php8.2-fpm php8.2-cli php8.2-mysql
          php8.2-xml php8.2-mbstring php8.2-curl mariadb-server mariadb-client curl)
START=$SECONDS

log() { echo "[wordpress.sh] $*" >>"$DIR/setup.log"; }
die() {  # the reason, then the end of the logs: CI keeps only what the run printed
    echo "wordpress.sh: $*" >&2
    local f; for f in "$DIR"/*.log; do [ -s "$f" ] && { echo "--- $f" >&2; tail -n 8 "$f" >&2; }; done
    exit 1
}
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pidfile() {  # stop_pidfile NAME PIDFILE SIGNAL: stop one daemon we started, by its pid file
    local name=$1 pidfile=$2 sig=$3 pid i
    alive "$pidfile" || { rm -f "$pidfile"; return 0; }
    pid=$(cat "$pidfile")
    kill "-$sig" "$pid" 2>/dev/null || true
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -f "$pidfile"
    echo "stopped $name ($pid)"
}

if [ "${1:-start}" = stop ]; then
    [ -d "$DIR" ] || exit 0
    stop_pidfile nginx "$DIR/nginx.pid" QUIT
    stop_pidfile php-fpm "$DIR/php-fpm.pid" QUIT
    stop_pidfile mariadb "$DIR/mysqld/mysqld.pid" TERM
    exit 0
fi
[ "${1:-start}" = start ] || die "usage: $0 [start|stop]"
[ "$(id -u)" = 0 ] || die "must run as root (installs packages, starts daemons as mysql/www-data)"

mkdir -p "$DIR"
chmod 755 "$DIR"
echo "--- $(date -u +%FT%TZ) $0 start" >>"$DIR/setup.log"

# --- packages ---------------------------------------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing: ${missing[*]}"
    # Keep package scripts from starting the stock services (nginx would listen on 0.0.0.0:80).
    made_policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; made_policy=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    # A mirror can fail for a moment: three tries, and on failure apt's own last lines on stderr,
    # since CI keeps only what the run printed.
    installed=
    for attempt in 1 2 3; do
        if { apt-get update -q && apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"; } >>"$DIR/apt.log" 2>&1; then
            installed=1; break
        fi
        log "apt-get failed (attempt $attempt)"; sleep $((attempt * 5))
    done
    [ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
    [ -n "$installed" ] || { tail -n 15 "$DIR/apt.log" >&2; die "apt-get failed three times"; }
fi

# --- configuration files (rewritten every run; cheap) -----------------------------------------
for site in pretty plain; do
    # Debian's /usr/share/wordpress/wp-config.php loads /etc/wordpress/config-$WORDPRESS_CONFIG.php
    # when the server variable WORDPRESS_CONFIG is set (nginx sets it per port; the CLI scripts too).
    # Without it, it would pick config-<host>.php, and the host (127.0.0.1) is the same for both sites.
    # Named by port, so that instances with another SINMUN_WP_DIR and ports can run side by side.
    port=$PRETTY_PORT; [ $site = plain ] && port=$PLAIN_PORT
    f=/etc/wordpress/config-sinmun-$port.php
    cat >"$f.tmp" <<EOF
<?php
// Written by sinmun's .ci/wordpress.sh: test site "$site" on 127.0.0.1:$port (database sinmun_$site in $DIR).
define('DB_NAME', 'sinmun_$site');
define('DB_USER', 'sinmun');
define('DB_PASSWORD', 'sinmun');
define('DB_HOST', 'localhost:$SOCK');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY',
          'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as \$k) {
    define(\$k, "sinmun-test-$site-\$k");
}
define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');
define('DISABLE_WP_CRON', true);            // no loopback cron requests during crawls
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);     // the machine has no internet; never try
define('WP_DEBUG', false);
\$table_prefix = 'wp_';
EOF
    chown root:www-data "$f.tmp"; chmod 640 "$f.tmp"; mv "$f.tmp" "$f"
done

mkdir -p "$DIR/nginx-tmp"
cat >"$DIR/php-fpm.conf" <<EOF
[global]
pid = $DIR/php-fpm.pid
error_log = $DIR/php-fpm.log
daemonize = yes
[sinmun]
user = www-data
group = www-data
listen = $DIR/php-fpm.sock
listen.owner = www-data
listen.group = www-data
listen.mode = 0660
pm = static
pm.max_children = 4
catch_workers_output = yes
php_admin_value[error_log] = $DIR/php-error.log
php_admin_flag[log_errors] = on
php_admin_flag[display_errors] = off
EOF

server_block() {  # server_block PORT SITE: one nginx server; the plain site gets no URL rewriting
    local fallback='/index.php?$args'
    [ "$2" = plain ] && fallback='=404'
    cat <<EOF
    server {
        listen 127.0.0.1:$1;
        server_name _;
        root /usr/share/wordpress;
        index index.php;
        location / { try_files \$uri \$uri/ $fallback; }
        # WordPress's virtual robots.txt, also without rewrite rules
        location = /robots.txt { try_files \$uri /index.php?robots=1; }
        location /wp-content/ { alias /var/lib/wordpress/wp-content/; }
        location ~ \.php\$ {
            try_files \$uri =404;
            include /etc/nginx/fastcgi.conf;
            fastcgi_param WORDPRESS_CONFIG sinmun-$1;
            fastcgi_param HTTP_PROXY "";
            fastcgi_pass unix:$DIR/php-fpm.sock;
        }
    }
EOF
}
cat >"$DIR/nginx.conf" <<EOF
user www-data;
worker_processes 2;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $DIR/nginx-access.log;
    client_body_temp_path $DIR/nginx-tmp/body;
    fastcgi_temp_path $DIR/nginx-tmp/fastcgi;
    proxy_temp_path $DIR/nginx-tmp/proxy;
    uwsgi_temp_path $DIR/nginx-tmp/uwsgi;
    scgi_temp_path $DIR/nginx-tmp/scgi;
    sendfile on;
$(server_block "$PRETTY_PORT" pretty)
$(server_block "$PLAIN_PORT" plain)
}
EOF

# --- MariaDB: own data directory, unix socket only (skip-networking) --------------------------
mkdir -p "$DIR/mysqld"; chown mysql:mysql "$DIR/mysqld"; chmod 755 "$DIR/mysqld"
if ! alive "$DIR/mysqld/mysqld.pid"; then
    if [ ! -d "$DIR/mysql/mysql" ]; then
        rm -rf "$DIR/mysql"; mkdir -p "$DIR/mysql"; chown mysql:mysql "$DIR/mysql"
        log "mariadb-install-db"
        mariadb-install-db --no-defaults --user=mysql --datadir="$DIR/mysql" --skip-test-db \
            --auth-root-authentication-method=socket >>"$DIR/mariadb.log" 2>&1 || die "mariadb-install-db failed"
    fi
    log "starting mariadbd"
    setsid /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$DIR/mysql" --socket="$SOCK" \
        --pid-file="$DIR/mysqld/mysqld.pid" --skip-networking --skip-name-resolve \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
        --innodb-flush-log-at-trx-commit=2 --innodb-buffer-pool-size=128M \
        </dev/null >>"$DIR/mariadb.log" 2>&1 &
fi
for i in $(seq 300); do
    mariadb-admin --socket="$SOCK" -uroot ping >/dev/null 2>&1 && break
    [ "$i" = 300 ] && die "MariaDB did not come up"
    sleep 0.1
done
sql() { mariadb --socket="$SOCK" -uroot -N -B -e "$1"; }

# --- content: (re)load when the scripts, ports or databases changed ---------------------------
stamp=$(cat "$SCRIPTS"/*.php "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16)-$PRETTY_PORT-$PLAIN_PORT
have_tables=$(sql "SELECT COUNT(*) FROM information_schema.tables
                   WHERE table_schema IN ('sinmun_pretty','sinmun_plain') AND table_name='wp_posts'")
if [ "${SINMUN_WP_FORCE:-}" = 1 ] || [ "$have_tables" != 2 ] || [ "$(cat "$DIR/content.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -f "$DIR/content.stamp" "$DIR/manifest.json"
    sql "CREATE USER IF NOT EXISTS 'sinmun'@'localhost' IDENTIFIED BY 'sinmun'"
    pids=()
    for site in pretty plain; do
        url=$PRETTY_URL; [ $site = plain ] && url=$PLAIN_URL
        sql "DROP DATABASE IF EXISTS sinmun_$site; CREATE DATABASE sinmun_$site CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
             GRANT ALL ON sinmun_$site.* TO 'sinmun'@'localhost'"
        log "loading $site ($url)"
        # both sites load in parallel; each is deterministic, so ids and content come out identical
        ( export SINMUN_SITE=$site SINMUN_SITE_URL=$url
          php -d display_errors=stderr "$SCRIPTS/install_site.php" &&
          php -d display_errors=stderr "$SCRIPTS/generate_content.php" ) >"$DIR/content-$site.log" 2>&1 &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || die "loading content failed (see $DIR/content-*.log)"; done
    chown -R www-data:www-data /var/lib/wordpress/wp-content/uploads
    echo "$stamp" >"$DIR/content.stamp"
fi

# --- web servers ------------------------------------------------------------------------------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
kill_orphans() {  # kill_orphans NAME SS-ARGS...: workers left listening on OUR socket/ports after their master died
    local pids
    command -v ss >/dev/null || return 0
    # `|| true`: no match is the usual case, and under `set -e -o pipefail` grep's status 1 would end the script
    pids=$(ss -Hlp "${@:2}" 2>/dev/null | grep "\"$1" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u | tr '\n' ' ' || true)
    [ -z "$pids" ] || { log "killing orphaned $1 workers: $pids"; kill $pids 2>/dev/null || true; sleep 0.5; }
}
if ! alive "$DIR/php-fpm.pid"; then
    [ ! -e "$DIR/php-fpm.pid" ] || kill_orphans php-fpm -x src "$DIR/php-fpm.sock"
    rm -f "$DIR/php-fpm.sock" "$DIR/php-fpm.pid"
    log "starting php-fpm"
    "$FPM" --fpm-config "$DIR/php-fpm.conf" >>"$DIR/php-fpm.log" 2>&1 || die "php-fpm failed to start"
else
    kill -USR2 "$(cat "$DIR/php-fpm.pid")"   # reload: picks up new config and clears opcache
fi
if ! alive "$DIR/nginx.pid"; then
    [ ! -e "$DIR/nginx.pid" ] || kill_orphans nginx -tn "( sport = :$PRETTY_PORT or sport = :$PLAIN_PORT )"
    rm -f "$DIR/nginx.pid"
    for port in "$PRETTY_PORT" "$PLAIN_PORT"; do
        port_busy "$port" && die "127.0.0.1:$port is already in use by something else"
    done
    log "starting nginx"
    nginx -e "$DIR/nginx-error.log" -c "$DIR/nginx.conf" >>"$DIR/nginx-error.log" 2>&1 || die "nginx failed to start"
else
    nginx -e "$DIR/nginx-error.log" -c "$DIR/nginx.conf" -s reload >>"$DIR/nginx-error.log" 2>&1
fi

check() {  # check URL: wait (60 s at most) until it answers 200
    local deadline=$((SECONDS + 60))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$1")" = 200 ]; do
        [ $SECONDS -lt $deadline ] || die "no HTTP 200 from $1"
        sleep 0.2
    done
}
check "$PRETTY_URL/"
check "$PRETTY_URL/wp-json/wp/v2/posts?per_page=100"
check "$PLAIN_URL/"
check "$PLAIN_URL/?rest_route=/wp/v2/posts&per_page=100"

# --- manifest, read back from WordPress -------------------------------------------------------
: >"$DIR/manifest.log"
for site in pretty plain; do
    url=$PRETTY_URL; [ $site = plain ] && url=$PLAIN_URL
    SINMUN_SITE=$site SINMUN_SITE_URL=$url php -d display_errors=stderr "$SCRIPTS/dump_site.php" \
        >"$DIR/dump-$site.json" 2>>"$DIR/manifest.log" || die "dumping $site failed"
done
summary=$(php -d display_errors=stderr "$SCRIPTS/merge_manifest.php" "$DIR/dump-pretty.json" "$DIR/dump-plain.json" \
    "$DIR/manifest.json" 2>>"$DIR/manifest.log") || die "writing the manifest failed (see $DIR/manifest.log)"
echo "wordpress: $summary pretty=$PRETTY_URL plain=$PLAIN_URL manifest=$DIR/manifest.json ($((SECONDS - START))s)"
