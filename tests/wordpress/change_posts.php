<?php
// Why: lets a test change a scratch test site the way its editors would, between two crawls:
// `php change_posts.php ADD EDIT [SCHEDULED]` publishes ADD new posts (created with an earlier date, as
// importers and republishing API clients do: WordPress then takes that date as their modification
// time too), edits the text of the EDIT oldest published posts, and publishes SCHEDULED posts that
// were scheduled and last edited two days ago (as WordPress's cron publishes them: their modification
// time stays), all through WordPress's own API, so dates, modified times and caches follow.
// Prints {"added": [links], "edited": [links], "scheduled": [links]}. Never run it against the shared test sites.
// Env: SINMUN_SITE=pretty|plain, SINMUN_SITE_URL=http://127.0.0.1:PORT (see bootstrap.php).

require __DIR__ . '/bootstrap.php';

[$add, $edit, $scheduled_count] = [(int) ($argv[1] ?? 0), (int) ($argv[2] ?? 0), (int) ($argv[3] ?? 0)];
global $wpdb;
wp_set_current_user(1);
kses_remove_filters();

$added = [];
for ($i = 1; $i <= $add; $i++) {
    $ts = strtotime('2025-06-20 09:00:00 UTC') + 3600 * $i;
    $id = wp_insert_post(wp_slash([
        'post_type' => 'post', 'post_status' => 'publish', 'post_author' => 1,
        'post_title' => "Late Dispatch Number $i From the Test Capital",
        'post_content' => "<!-- wp:paragraph -->\n<p>Dispatch $i: workers of the test capital reported new successes in the June campaign.</p>\n<!-- /wp:paragraph -->",
        'post_date_gmt' => gmdate('Y-m-d H:i:s', $ts),
        'post_date' => (new DateTime('@' . $ts))->setTimezone(new DateTimeZone('Asia/Pyongyang'))->format('Y-m-d H:i:s'),
    ]), true);
    if (is_wp_error($id)) { throw new RuntimeException($id->get_error_message()); }
    $added[] = get_permalink($id);
}

$edited = [];
// (get_posts reads numberposts 0 as its default, 5)
$oldest = $edit < 1 ? [] : get_posts(['post_type' => 'post', 'post_status' => 'publish', 'has_password' => false,
                                       'orderby' => 'ID', 'order' => 'ASC', 'numberposts' => $edit]);
foreach ($oldest as $post) {
    $content = $post->post_content . "\n\n<!-- wp:paragraph -->\n<p>Correction: this report was updated by the editors.</p>\n<!-- /wp:paragraph -->";
    $result = wp_update_post(wp_slash(['ID' => $post->ID, 'post_content' => $content]), true);
    if (is_wp_error($result)) { throw new RuntimeException($result->get_error_message()); }
    $edited[] = get_permalink($post->ID);
}

$scheduled = [];
for ($i = 1; $i <= $scheduled_count; $i++) {
    $ts = time() + 3600;
    $id = wp_insert_post(wp_slash([
        'post_type' => 'post', 'post_status' => 'future', 'post_author' => 1,
        'post_title' => "Scheduled Report Number $i on the Autumn Harvest",
        'post_content' => "<!-- wp:paragraph -->\n<p>Scheduled report $i: farmers finished the autumn harvest ahead of time.</p>\n<!-- /wp:paragraph -->",
        'post_date_gmt' => gmdate('Y-m-d H:i:s', $ts),
        'post_date' => get_date_from_gmt(gmdate('Y-m-d H:i:s', $ts)),
    ]), true);
    if (is_wp_error($id)) { throw new RuntimeException($id->get_error_message()); }
    $edited_at = time() - 2 * 86400;  // the editors' last change, before the crawls that did not see it yet
    $wpdb->update($wpdb->posts, ['post_modified_gmt' => gmdate('Y-m-d H:i:s', $edited_at),
                                 'post_modified' => get_date_from_gmt(gmdate('Y-m-d H:i:s', $edited_at))], ['ID' => $id]);
    clean_post_cache($id);
    wp_publish_post($id);  // what wp-cron does when the time comes: status only
    $scheduled[] = get_permalink($id);
}

echo json_encode(['added' => $added, 'edited' => $edited, 'scheduled' => $scheduled], JSON_UNESCAPED_SLASHES), "\n";
