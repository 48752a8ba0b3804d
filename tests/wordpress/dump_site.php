<?php
// Why: reads back from one test site's WordPress what a crawler should (and should not) collect,
// as JSON on stdout; merge_manifest.php joins the two sites' dumps into manifest.json.

require __DIR__ . '/bootstrap.php';

function text(string $s): string {  // visible text: entities decoded, whitespace normalised
    return trim(preg_replace('/[\s\x{00A0}]+/u', ' ', html_entity_decode($s, ENT_QUOTES | ENT_HTML5, 'UTF-8')));
}
function blocks(string $html): array {  // text of each paragraph, heading and list item, in order
    $doc = new DOMDocument();
    libxml_use_internal_errors(true);
    $doc->loadHTML('<?xml encoding="UTF-8"?><html><body>' . $html . '</body></html>');
    $out = [];
    foreach ((new DOMXPath($doc))->query('//p | //h1 | //h2 | //h3 | //h4 | //h5 | //h6 | //li') as $node) {
        $t = trim(preg_replace('/[\s\x{00A0}]+/u', ' ', $node->textContent));
        if ($t !== '') { $out[] = $t; }
    }
    return $out;
}
function gmt(string $mysql): string { return str_replace(' ', 'T', $mysql) . 'Z'; }

$published = [];
$query = new WP_Query(['post_type' => 'post', 'post_status' => 'publish', 'has_password' => false,
                       'posts_per_page' => -1, 'orderby' => 'ID', 'order' => 'ASC']);
while ($query->have_posts()) {
    $query->the_post();
    $post = get_post();
    $published[] = [
        'id' => $post->ID,
        'title' => text(get_the_title($post)),
        'slug' => $post->post_name,
        'date' => str_replace(' ', 'T', $post->post_date),   // local (Asia/Pyongyang), as pages show it
        'date_gmt' => gmt($post->post_date_gmt),
        'modified_gmt' => gmt($post->post_modified_gmt),
        'link' => get_permalink($post),
        'categories' => array_map(fn($t) => text($t->name), get_the_category($post->ID)),
        'tags' => array_map(fn($t) => text($t->name), get_the_tags($post->ID) ?: []),
        'author' => get_the_author_meta('display_name', $post->post_author),
        'paragraphs' => blocks(apply_filters('the_content', get_the_content())),
        'has_comments' => (int) $post->comment_count > 0,
        'comment_count' => (int) $post->comment_count,
    ];
}
wp_reset_postdata();

global $wpdb;
$not_collectable = [];
$rows = $wpdb->get_results("SELECT ID, post_title, post_status, post_type, post_password FROM $wpdb->posts
    WHERE post_type IN ('post', 'page', 'attachment') AND post_status <> 'auto-draft'
      AND NOT (post_type = 'post' AND post_status = 'publish' AND post_password = '') ORDER BY ID");
foreach ($rows as $r) {
    $not_collectable[] = ['id' => (int) $r->ID, 'title' => $r->post_title, 'status' => $r->post_status,
                          'type' => $r->post_type, 'password_protected' => $r->post_password !== '',
                          'link' => get_permalink((int) $r->ID)];
}

echo json_encode([
    'url' => home_url(),
    'permalinks' => get_option('permalink_structure') !== '',
    'timezone' => get_option('timezone_string'),
    'published' => $published,
    'not_collectable' => $not_collectable,
], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT | JSON_THROW_ON_ERROR), "\n";
