<?php
/*
 * Fills an installed WordPress with the fixture's site settings, people and posts, through WordPress's
 * own API only: update_option(), wp_insert_user(), wp_insert_term(), wp_insert_post(),
 * wp_set_post_terms(), wp_insert_comment(), switch_theme() and the rewrite API that writes .htaccess.
 *
 *   php wp_seed.php DOCROOT SEED.json
 *
 * Prints {"posts": {key: ID}, "pages": {key: ID}}.
 */
// WordPress's bootstrap runs in the global scope and uses names such as $post and $site itself:
// this script keeps its own values in function scope.
[$_, $fixture_docroot, $fixture_seedfile] = $argv;
$fixture_seed = json_decode(file_get_contents($fixture_seedfile), true);
$fixture_host = parse_url($fixture_seed['url']);
$_SERVER['HTTP_HOST'] = $fixture_host['host'] . ':' . $fixture_host['port'];
$_SERVER['REQUEST_URI'] = '/wp-admin/';
require $fixture_docroot . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/misc.php';  // save_mod_rewrite_rules()
require_once ABSPATH . 'wp-admin/includes/post.php';

function fixture_fail($message) {
    fwrite(STDERR, $message . "\n");
    exit(1);
}

function fixture_ok($result, $what) {
    if (is_wp_error($result) || !$result) {
        fixture_fail($what . ': ' . (is_wp_error($result) ? $result->get_error_message() : 'failed'));
    }
    return $result;
}

function fixture_insert_post($item, $type, $users, $categories, &$modified) {
    $args = [
        'post_type' => $type,
        'post_status' => 'publish',
        'post_title' => $item['title'],
        'post_content' => $item['content'],
        'post_author' => $users[$item['author']],
        'post_date' => $item['date'],
        'comment_status' => 'open',
        'meta_input' => $item['meta'] ?? [],
    ];
    if (!empty($item['slug'])) {
        $args['post_name'] = $item['slug'];
    }
    if (!empty($item['category'])) {
        $args['post_category'] = [$categories[$item['category']]];
    }
    $modified = $item['modified'] ?? null;
    $id = fixture_ok(wp_insert_post($args, true), $type . ' ' . $item['key']);
    $modified = null;
    if (!empty($item['tags'])) {
        fixture_ok(wp_set_post_terms($id, $item['tags'], 'post_tag'), 'tags of ' . $item['key']);
    }
    foreach ($item['comments'] ?? [] as $comment) {
        fixture_ok(wp_insert_comment([
            'comment_post_ID' => $id,
            'comment_author' => $comment['author'],
            'comment_author_email' => $comment['email'],
            'comment_content' => $comment['text'],
            'comment_date' => $comment['date'],
            'comment_date_gmt' => get_gmt_from_date($comment['date']),
            'comment_approved' => 1,
        ]), 'comment on ' . $item['key']);
    }
    return $id;
}

function fixture_seed($seed) {
    // Settings -> General / Reading / Discussion, as an administrator would set them.
    $site = $seed['site'];
    update_option('blogdescription', $site['description']);
    update_option('timezone_string', $site['timezone']);  // before any post: post_date_gmt is computed from it
    update_option('date_format', $site['date_format']);
    update_option('time_format', $site['time_format']);
    update_option('posts_per_page', $site['posts_per_page']);
    update_option('default_comment_status', 'open');
    update_option('comment_moderation', 0);
    update_option('comment_previously_approved', 0);

    // The installer's sample content goes, as it does on every real site.
    foreach (['hello-world' => 'post', 'sample-page' => 'page'] as $slug => $type) {
        $sample = get_page_by_path($slug, OBJECT, $type);
        if ($sample) {
            wp_delete_post($sample->ID, true);
        }
    }

    $admin = get_user_by('login', 'admin');
    wp_set_current_user($admin->ID);

    $users = ['admin' => $admin->ID];
    foreach ($seed['authors'] as $author) {
        $users[$author['login']] = fixture_ok(wp_insert_user([
            'user_login' => $author['login'],
            'user_pass' => wp_generate_password(16),
            'user_email' => $author['login'] . '@example.com',
            'display_name' => $author['display_name'],
            'nickname' => $author['display_name'],
            'description' => $author['description'] ?? '',
            'role' => 'author',
        ]), 'user ' . $author['login']);
    }

    $categories = [];
    foreach ($seed['categories'] as $category) {
        $term = fixture_ok(wp_insert_term($category['name'], 'category', ['slug' => $category['slug']]),
                        'category ' . $category['slug']);
        $categories[$category['slug']] = $term['term_id'];
    }

    // A post's later edit time (post_modified) is what WordPress stamps when the post is saved; the
    // fixture backdates it through WordPress's own filter instead of waiting for a real edit.
    $modified = null;
    add_filter('wp_insert_post_data', function ($data) use (&$modified) {
        if ($modified) {
            $data['post_modified'] = $modified;
            $data['post_modified_gmt'] = get_gmt_from_date($modified);
        }
        return $data;
    });

    $ids = ['posts' => [], 'pages' => []];
    foreach ($seed['posts'] as $post) {
        $ids['posts'][$post['key']] = fixture_insert_post($post, 'post', $users, $categories, $modified);
    }
    foreach ($seed['pages'] as $page) {
        $ids['pages'][$page['key']] = fixture_insert_post($page, 'page', $users, $categories, $modified);
    }

    // Settings -> Permalinks: WordPress writes its own rewrite rules into .htaccess when it runs under
    // Apache with mod_rewrite; this CLI process is told so, as the web request would have found.
    $GLOBALS['is_apache'] = true;
    add_filter('got_rewrite', '__return_true');
    global $wp_rewrite;
    $wp_rewrite->set_permalink_structure($site['permalink_structure']);
    $wp_rewrite->set_category_base('');
    $wp_rewrite->set_tag_base('');
    flush_rewrite_rules(true);
    if (!file_exists(get_home_path() . '.htaccess')) {
        fixture_fail('WordPress wrote no .htaccess into ' . get_home_path());
    }

    switch_theme($seed['theme']);
    return $ids;
}

echo json_encode(fixture_seed($fixture_seed), JSON_UNESCAPED_UNICODE), "\n";
