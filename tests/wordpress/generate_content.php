<?php
// Why: fills one freshly installed test site with deterministic content: 230 published posts in
// state-media style, plus drafts, private/pending/trashed/password-protected posts, pages and
// attachments that a crawler of published posts must NOT collect. Same seed => same ids and text
// on both sites. All random choices are made first (plan), then written through WordPress's API.

require __DIR__ . '/bootstrap.php';
require_once ABSPATH . 'wp-admin/includes/image.php';

const PUBLISHED = 230;            // > 200, so the REST API needs 3 pages at per_page=100
const FIRST = '2019-01-01 00:00:00';
const LAST = '2025-06-30 23:59:00'; // UTC; all in the past, so nothing turns into "future"

mt_srand(20211010, MT_RAND_MT19937);
function pick(array $a) { return $a[mt_rand(0, count($a) - 1)]; }
function chance(int $percent): bool { return mt_rand(1, 100) <= $percent; }
function picks(array $a, int $n): array {
    $out = [];
    while (count($out) < $n) { $v = pick($a); if (!in_array($v, $out, true)) { $out[] = $v; } }
    return $out;
}
function local(int $ts): DateTime {
    return (new DateTime('@' . $ts))->setTimezone(new DateTimeZone('Asia/Pyongyang'));
}
function juche_en(DateTime $d): string {  // October 10, Juche 110 (2021)
    $y = (int) $d->format('Y');
    return $d->format('F j') . ', Juche ' . ($y - 1911) . " ($y)";
}
function juche_ko(DateTime $d): string {  // 주체110(2021)년 10월 10일
    $y = (int) $d->format('Y');
    return '주체' . ($y - 1911) . "($y)년 " . $d->format('n') . '월 ' . $d->format('j') . '일';
}

// ---- vocabulary ----------------------------------------------------------------------------
$CATEGORIES = ['Ideology', 'Narrated', 'Economy', 'Culture', 'Korean Peninsula',
               'Science & Technology', 'International', 'Sports', 'Editorials'];
$TAGS = ['Juche', 'Pyongyang', 'agriculture', 'anniversary', 'youth', 'construction', 'hydropower',
         'textiles', 'railways', 'Samjiyon', 'Wonsan', 'children', 'health care', 'education',
         'diplomacy', 'solidarity', 'Mt Paektu', 'fisheries', 'science', 'art', 'music', 'friendship',
         'women', 'reunification'];
$OFFICIALS = ['Premier', 'Vice-Premier', 'Minister of Agriculture', 'Minister of Public Health',
              'Cabinet Delegation', 'Youth League Delegation', "Women's Union Delegation",
              'Trade Union Delegation', 'Academy of Sciences Delegation', 'Red Cross Delegation'];
$VISITS = ['Inspects', 'Visits', 'Tours', 'Congratulates Workers of'];
$SITES = ['Sinpho Fisheries Complex', 'Kangdong Greenhouse Farm', 'Pyongyang Textile Mill',
          'Hungnam Fertilizer Complex', 'Wonsan-Kalma Coastal Tourist Area', 'Samjiyon City',
          'Huichon Power Station', 'Kim Chaek Iron and Steel Complex', 'Sunchon Cement Complex',
          'Pyongyang General Hospital', 'Ryugyong Eye Hospital', 'Mirim Riding Club',
          'Orangchon Power Station', 'Ryongsong Machine Complex', 'Chongjin Shipyard',
          'Taean Glass Factory', 'Kaechon-Lake Thaesong Waterway', 'Unha Textile Factory',
          'Taedonggang Beer Factory', "Pyongyang Children's Department Store"];
$EVENTS = ['National Sports Festival', 'Art Performance', 'Photo Exhibition', 'Book Exhibition',
           'Science and Technology Festival', 'Seminar on Juche Idea', 'Flower Show', 'Joint Meeting',
           'Memorial Service', 'Reading Session', 'Art & Craft Exhibition', 'Chess Tournament'];
$CITIES = ['Pyongyang', 'Kaesong', 'Nampho', 'Sinuiju', 'Hamhung', 'Chongjin', 'Wonsan', 'Haeju',
           'Sariwon', 'Kanggye', 'Hyesan', 'Rason'];
$CITIES_KO = ['평양', '개성', '남포', '신의주', '함흥', '청진', '원산', '해주'];
$COUNTRIES = ['Lao', 'Nepalese', 'Nigerian', 'Peruvian', 'Russian', 'Syrian', 'Tanzanian',
              'Vietnamese', 'Cuban', 'Mongolian'];
$PRAISES = ['Praises', 'Hails', 'Lauds'];
$PRAISED = ['Juche Idea', "Korea's Self-Reliant Economy", 'Achievements in Housing Construction',
            'Free Medical Care System', 'Universal Education System', 'Successes in Agriculture',
            'Development of Science and Technology', 'Socialist Culture'];
$PAPERS = ['Rodong Sinmun Calls for', 'Minju Joson Calls for', 'Editorial Calls for'];
$GOALS = ['Bumper Harvest This Year', 'Increased Coal Production', 'Greater Efforts in Tree Planting',
          'Thrift and Economy', 'Innovation in Light Industry', 'Scientific Farming',
          'Better Public Health Services', 'Better Supply of Consumer Goods', 'Flood Prevention Measures',
          'Upgrading Railway Transport', 'Ecological Protection', 'Educational Reform'];
$PRODUCTS = ['Fertilizer', 'Steel', 'Cement', 'Electricity', 'Vinalon', 'Coal', 'Fabric', 'Fish Catch'];
$RISES = ['Production Rises at', 'Output Increases at', 'Production Targets Exceeded at'];
$KOREAN_TITLES = ['평양에서 과학기술전람회 개막', '청년동맹 대표단 귀국', '모란봉극장에서 경축공연 진행',
                  '새해 농사차비 활발', '원산에서 국제친선체육경기'];
$SENTENCES = [
    'Officials and workers of the {site} discussed ways to raise output in the second half of the year.',
    'The {site} overfulfilled its plan for the period by a wide margin, the report said.',
    'Speakers stressed the need to introduce advanced technologies and to make the most of local raw materials.',
    'The participants pledged to carry out the tasks set forth at the recent plenary meeting.',
    'An art troupe gave a performance for the builders at the site in {city}.',
    'Scientists of the Academy of Sciences helped to solve technical problems in production.',
    'The event was attended by officials of ministries and national institutions and working people in {city}.',
    'A large number of citizens visited the exhibition, which runs for ten days.',
    'Farmers across the country are busy with preparations for the new farming season.',
    "The {country} newspaper said the country's achievements are the fruition of the self-reliant line.",
    'Hundreds of new flats were completed in {city}, and families moved into them with joy.',
    'Doctors of the provincial hospital provided medical check-ups to residents of remote areas.',
    'The report noted that "self-reliance is the key to prosperity" and called for greater effort.',
    'Young volunteers planted tens of thousands of saplings on the hills around {city}.',
    'Workers renovated production lines with their own efforts, saving materials &amp; energy.',
    'Students and teachers from {city} presented their research at the national contest.',
    'The <em>Rodong Sinmun</em> carried an article titled "{goal}" on the same day.',
    'The slogan <strong>"{goal}!"</strong> was put forward at the meeting.',
    'Output of {product} at the {site} rose by {pct} percent compared with the previous year.',
    'The delegation laid a floral basket and looked round the exhibits with deep interest.',
];
$JUCHE_SENTENCES = [
    'The meeting held on {juche} reviewed the work done in the first half of the year.',
    'Since {juche}, the {site} has increased its output every month.',
    'The decision adopted on {juche} is being carried out in all sectors.',
];
$KOREAN_SENTENCES = [
    '{juche_ko} {city_ko}에서 전국과학기술축전이 개막되었다.',
    '조선중앙통신은 {juche_ko} 이 소식을 전하였다.',
    '{city_ko}의 근로자들은 {juche_ko}까지 계획을 넘쳐 수행하였다.',
];
$HEADINGS = ['Main Achievements', 'Tasks for the Coming Year', 'Facts and Figures', 'Participants'];
$ITEMS = ['{n} new flats were built in {city}.', 'Output of {product} rose by {pct} percent.',
          'Delegations from {pct} countries took part.', 'A new production line opened at the {site}.',
          'Over {n} saplings were planted.', 'Teachers &amp; students of {city} joined the campaign.'];
$COMMENTERS = ['Kim Chol', 'Pak Yong Nam', 'Choe Un Jong', 'Ri Myong Su', 'Han Song Ok', 'Jong Il Bom'];
$COMMENT_TEXTS = ['Great news from {city}!', 'We wish the workers of the {site} further success.',
                  'A moving report. Thank you.', 'I visited {city} last year and saw the changes myself.',
                  'Looking forward to more reports like this.'];

// ---- plan (pure: only mt_rand decides) -------------------------------------------------------
$used_titles = [];
function new_title(int $n): string {
    global $used_titles, $OFFICIALS, $VISITS, $SITES, $EVENTS, $CITIES, $COUNTRIES, $PRAISES, $PRAISED,
           $PAPERS, $GOALS, $PRODUCTS, $RISES, $KOREAN_TITLES;
    if ($n % 57 === 13 && $KOREAN_TITLES) { $t = array_shift($KOREAN_TITLES); $used_titles[$t] = 1; return $t; }
    do {
        $k = mt_rand(1, 100);
        if ($k <= 35) { $t = pick($OFFICIALS) . ' ' . pick($VISITS) . ' ' . pick($SITES); }
        elseif ($k <= 55) { $t = pick($EVENTS) . ' Held in ' . pick($CITIES); }
        elseif ($k <= 75) { $t = pick($COUNTRIES) . ' Newspaper ' . pick($PRAISES) . ' ' . pick($PRAISED); }
        elseif ($k <= 88) { $t = pick($PAPERS) . ' ' . pick($GOALS); }
        else { $t = pick($PRODUCTS) . ' ' . pick($RISES) . ' ' . pick($SITES); }
    } while (isset($used_titles[$t]));
    $used_titles[$t] = 1;
    return $t;
}
function fill(string $s, int $ts): string {
    global $SITES, $CITIES, $CITIES_KO, $COUNTRIES, $GOALS, $PRODUCTS;
    $ref = local($ts - 86400 * mt_rand(0, 400));  // a date on or before the post's date
    $map = ['{site}' => $SITES, '{city}' => $CITIES, '{city_ko}' => $CITIES_KO, '{country}' => $COUNTRIES,
            '{goal}' => $GOALS, '{product}' => $PRODUCTS];
    foreach ($map as $k => $vals) { while (strpos($s, $k) !== false) { $s = preg_replace('/' . preg_quote($k) . '/', pick($vals), $s, 1); } }
    return strtr($s, ['{juche}' => juche_en($ref), '{juche_ko}' => juche_ko($ref),
                      '{n}' => (string) mt_rand(12, 900), '{pct}' => (string) mt_rand(3, 40)]);
}
function para(string $text): string { return "<!-- wp:paragraph -->\n<p>$text</p>\n<!-- /wp:paragraph -->"; }
function body(int $ts, bool $rich): string {
    global $SENTENCES, $JUCHE_SENTENCES, $KOREAN_SENTENCES, $HEADINGS, $ITEMS;
    $n = mt_rand(2, 6);
    $paras = [];
    for ($i = 0; $i < $n; $i++) {
        $k = mt_rand(1, 3);
        $ss = [];
        for ($j = 0; $j < $k; $j++) { $ss[] = fill(pick($SENTENCES), $ts); }
        $paras[] = implode(' ', $ss);
    }
    if ($rich && chance(45)) {  // KCNA dateline, in local (Pyongyang) time
        $paras[0] = (chance(85) ? 'Pyongyang' : 'Sinuiju') . ', ' . local($ts)->format('F j') . ' (KCNA) -- ' . $paras[0];
    }
    if ($rich && chance(30)) { $paras[mt_rand(0, $n - 1)] .= ' ' . fill(pick($JUCHE_SENTENCES), $ts); }
    if ($rich && chance(5)) { $paras[$n - 1] = fill(pick($KOREAN_SENTENCES), $ts); }
    $blocks = array_map('para', $paras);
    if ($rich && chance(15)) {
        $items = '';
        foreach (picks($ITEMS, mt_rand(2, 4)) as $it) {
            $items .= "<!-- wp:list-item -->\n<li>" . fill($it, $ts) . "</li>\n<!-- /wp:list-item -->\n";
        }
        array_splice($blocks, 1, 0, ["<!-- wp:heading -->\n<h2>" . pick($HEADINGS) . "</h2>\n<!-- /wp:heading -->",
                                     "<!-- wp:list -->\n<ul>$items</ul>\n<!-- /wp:list -->"]);
    }
    return implode("\n\n", $blocks);
}
function when(int $ts): array {  // WordPress wants local and GMT "Y-m-d H:i:s"
    return ['post_date' => local($ts)->format('Y-m-d H:i:s'), 'post_date_gmt' => gmdate('Y-m-d H:i:s', $ts)];
}

$first = strtotime(FIRST . ' UTC');
$last = strtotime(LAST . ' UTC');
$stamps = [];
for ($i = 0; $i < PUBLISHED; $i++) { $stamps[] = $first + 60 * mt_rand(0, intdiv($last - $first, 60)); }
sort($stamps);

$posts = [];  // published, in date order
foreach ($stamps as $i => $ts) {
    $p = ['kind' => 'post', 'title' => new_title($i), 'ts' => $ts,
          'content' => body($ts, true), 'author' => chance(70) ? 0 : 1,
          'cats' => picks(range(0, 8), chance(30) ? 2 : 1),
          'tags' => chance(85) ? picks($TAGS, mt_rand(1, 4)) : [], 'comments' => []];
    if (chance(30)) {
        $c = mt_rand(1, 3);
        for ($j = 0; $j < $c; $j++) {
            $p['comments'][] = ['ts' => $ts + 60 * mt_rand(30, 20 * 1440), 'author' => pick($COMMENTERS),
                                'text' => fill(pick($COMMENT_TEXTS), $ts), 'approved' => chance(90) ? 1 : 0];
        }
    }
    $p['modified'] = chance(12) ? min($last, $ts + 60 * mt_rand(60, 60 * 1440)) : null;
    $posts[] = $p;
}
$specials = [];  // not collectable; each goes right after published post number 'after'
foreach ([['draft', 5], ['private', 3], ['pending', 2], ['trash', 1], ['password', 1]] as [$kind, $count]) {
    for ($i = 0; $i < $count; $i++) {
        $after = mt_rand(0, PUBLISHED - 1);
        $ts = $posts[$after]['ts'] + 60 * mt_rand(1, 600);
        $specials[$after][] = ['kind' => $kind, 'title' => new_title(-1), 'ts' => $ts, 'content' => body($ts, true),
                               'cats' => picks(range(0, 8), 1), 'tags' => picks($TAGS, 2)];
    }
}
foreach (['About the Gazette', 'Contact', 'Editorial Policy'] as $title) {
    $after = mt_rand(0, PUBLISHED - 1);
    $specials[$after][] = ['kind' => 'page', 'title' => $title, 'ts' => $posts[$after]['ts'] + 60,
                           'content' => body($posts[$after]['ts'], false)];
}
foreach (['Juche Tower at dusk', 'Harvest in South Hwanghae'] as $title) {
    $specials[mt_rand(0, PUBLISHED - 1)][] = ['kind' => 'attachment', 'title' => $title];
}

// ---- write through WordPress ------------------------------------------------------------------
wp_set_current_user(1);   // admin: keeps block comments and markup as written (no kses)
kses_remove_filters();
wp_defer_term_counting(true);
wp_defer_comment_counting(true);

$authors = [];
foreach ([['kcna-desk', 'KCNA Desk'], ['ri-song-hui', 'Ri Song Hui']] as [$login, $name]) {
    $authors[] = $id = wp_insert_user(['user_login' => $login, 'user_pass' => "sinmun-$login",
        'user_email' => "$login@example.invalid", 'display_name' => $name, 'nickname' => $name, 'role' => 'author']);
    if (is_wp_error($id)) { throw new RuntimeException($id->get_error_message()); }
}
wp_update_term((int) get_option('default_category'), 'category', ['name' => $CATEGORIES[0], 'slug' => 'ideology']);
$cat_ids = [(int) get_option('default_category')];
foreach (array_slice($CATEGORIES, 1) as $name) { $cat_ids[] = wp_insert_term($name, 'category')['term_id']; }
foreach ($TAGS as $name) { wp_insert_term($name, 'post_tag'); }

function insert(array $p): int {
    global $authors, $cat_ids, $wpdb;
    $status = ['draft' => 'draft', 'private' => 'private', 'pending' => 'pending'][$p['kind']] ?? 'publish';
    $arr = ['post_type' => $p['kind'] === 'page' ? 'page' : 'post', 'post_status' => $status,
            'post_title' => $p['title'], 'post_content' => $p['content'], 'post_author' => $authors[$p['author'] ?? 0],
            'comment_status' => 'open', 'ping_status' => 'closed'] + when($p['ts']);
    if (isset($p['cats'])) { $arr['post_category'] = array_map(fn($i) => $cat_ids[$i], $p['cats']); }
    if (isset($p['tags'])) { $arr['tags_input'] = $p['tags']; }
    if ($p['kind'] === 'password') { $arr['post_password'] = 'juche'; }
    $id = wp_insert_post(wp_slash($arr), true);
    if (is_wp_error($id)) { throw new RuntimeException($id->get_error_message()); }
    if ($p['kind'] === 'trash') { wp_trash_post($id); }
    foreach ($p['comments'] ?? [] as $c) {
        wp_insert_comment(['comment_post_ID' => $id, 'comment_author' => $c['author'],
            'comment_author_email' => strtolower(strtr($c['author'], ' ', '.')) . '@example.invalid',
            'comment_content' => $c['text'], 'comment_approved' => $c['approved'],
            'comment_date' => local($c['ts'])->format('Y-m-d H:i:s'), 'comment_date_gmt' => gmdate('Y-m-d H:i:s', $c['ts'])]);
    }
    if (!empty($p['modified'])) {
        $wpdb->update($wpdb->posts, ['post_modified' => local($p['modified'])->format('Y-m-d H:i:s'),
                                     'post_modified_gmt' => gmdate('Y-m-d H:i:s', $p['modified'])], ['ID' => $id]);
        clean_post_cache($id);
    }
    return $id;
}
function attach(string $title, int $parent): int {  // a real 1x1 PNG in the parent's month folder
    $month = get_post_time('Y/m', true, $parent);
    $dir = wp_upload_dir($month);
    $file = $dir['path'] . '/' . sanitize_title($title) . '.png';
    wp_mkdir_p($dir['path']);
    file_put_contents($file, base64_decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='));
    $id = wp_insert_attachment(['post_title' => $title, 'post_mime_type' => 'image/png', 'post_status' => 'inherit',
        'guid' => $dir['url'] . '/' . basename($file), 'post_content' => '', 'post_author' => 1]
        + when((int) get_post_time('U', true, $parent) + 120), $file, $parent, true);
    if (is_wp_error($id)) { throw new RuntimeException($id->get_error_message()); }
    wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $file));
    return $id;
}

foreach ($posts as $i => $p) {
    $id = insert($p);
    foreach ($specials[$i] ?? [] as $s) { $s['kind'] === 'attachment' ? attach($s['title'], $id) : insert($s); }
}
wp_defer_term_counting(false);
wp_defer_comment_counting(false);
// Category and tag archive rules exist only if permalinks were on when the taxonomies were
// registered, i.e. in this process, not in install_site.php's: so build the rules here.
flush_rewrite_rules(false);

$counts = wp_count_posts('post');
echo "generated on ", home_url(), ": publish={$counts->publish} draft={$counts->draft} private={$counts->private}",
     " pending={$counts->pending} trash={$counts->trash}\n";
