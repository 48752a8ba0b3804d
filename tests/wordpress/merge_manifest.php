<?php
// Why: joins the pretty and plain sites' dumps (dump_site.php) into one manifest.json, after checking
// that both sites really hold the same content. Usage: php merge_manifest.php PRETTY.json PLAIN.json OUT.json

[, $pretty_file, $plain_file, $out] = $argv + [null, null, null, null];
if (!$out) { fwrite(STDERR, "usage: php merge_manifest.php PRETTY.json PLAIN.json OUT.json\n"); exit(2); }
$pretty = json_decode(file_get_contents($pretty_file), true, 512, JSON_THROW_ON_ERROR);
$plain = json_decode(file_get_contents($plain_file), true, 512, JSON_THROW_ON_ERROR);

function fail(string $why) { fwrite(STDERR, "manifest: $why\n"); exit(1); }
if (!$pretty['permalinks'] || $plain['permalinks']) { fail('permalink settings are not pretty=on, plain=off'); }
if (count($pretty['published']) <= 200) { fail('fewer than 201 published posts'); }

$published = [];
foreach ($pretty['published'] as $i => $post) {
    $other = $plain['published'][$i] ?? null;
    $link_plain = $other['link'] ?? null;
    unset($other['link']);
    $mine = $post;
    unset($mine['link']);
    if ($mine !== $other) { fail("post {$post['id']} differs between the two sites"); }
    $post['link'] = ['pretty' => $post['link'], 'plain' => $link_plain];
    $published[] = $post;
}
if (count($plain['published']) !== count($published)) { fail('the sites have different numbers of posts'); }

$not_collectable = [];
foreach ($pretty['not_collectable'] as $i => $item) {
    $other = $plain['not_collectable'][$i] ?? null;
    if (!$other || array_diff_key($item, ['link' => 1]) !== array_diff_key($other, ['link' => 1])) {
        fail("item {$item['id']} differs between the two sites");
    }
    $item['link'] = ['pretty' => $item['link'], 'plain' => $other['link']];
    $not_collectable[] = $item;
}
$protected = count(array_filter($not_collectable, fn($i) => $i['password_protected']));

$manifest = [
    'sites' => ['pretty' => ['url' => $pretty['url'], 'permalinks' => true],
                'plain' => ['url' => $plain['url'], 'permalinks' => false]],
    'timezone' => $pretty['timezone'],
    'counts' => ['published' => count($published), 'not_collectable' => count($not_collectable),
                 // what the REST API reports (X-WP-Total) to anonymous clients: it lists protected posts too
                 'rest_total' => count($published) + $protected],
    'notes' => [
        'Published password-protected posts are listed under not_collectable (password_protected: true):'
        . ' they show up in the home page, feeds and REST listings, but their text is not public.',
        'title and paragraphs are the visible text of the rendered post (as in REST content.rendered or'
        . ' the post page): wptexturize applies, so -- is an em dash and quotes are curly; entities decoded.',
        'date is local time (timezone above) as WordPress stores post_date; date_gmt/modified_gmt are UTC.',
    ],
    'published' => $published,
    'not_collectable' => $not_collectable,
];
$tmp = "$out.tmp";
file_put_contents($tmp, json_encode($manifest, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT | JSON_THROW_ON_ERROR) . "\n");
rename($tmp, $out);
echo 'published=', count($published), ' not_collectable=', count($not_collectable), "\n";
