<?php
/*
 * Changes one post between two crawls through WordPress's own API, as the site's editors would:
 *
 *   php wp_change.php DOCROOT URL ACTION POST_ID [TEXT]
 *
 *   trash          wp_trash_post(): Posts -> Trash
 *   untrash        wp_untrash_post(), back to the status it had (wp_untrash_post_set_previous_status)
 *   delete         wp_delete_post(ID, true): deleted for good, without the trash
 *   notice         wp_update_post(): title and text replaced by the removal notice TEXT (the post stays published)
 *   rewrite        wp_update_post(): the title gets "（更新）", the first paragraph becomes TEXT
 *   redirect_home  the post's address sends readers to the home page (wp_safe_redirect, 301), as a
 *                  redirection plugin does for a post taken down: a must-use plugin of the fixture's own
 *                  reads the option fixture_redirect_home (update_option) on template_redirect
 *
 * Prints {"action": ..., "id": ..., "status": get_post_status(), "title": ...}.
 */
[$_, $fixture_docroot, $fixture_url, $fixture_action, $fixture_id] = $argv;
$fixture_text = $argv[5] ?? '';
$fixture_host = parse_url($fixture_url);
$_SERVER['HTTP_HOST'] = $fixture_host['host'] . ':' . $fixture_host['port'];
$_SERVER['REQUEST_URI'] = '/wp-admin/edit.php';
require $fixture_docroot . '/wp-load.php';

const FIXTURE_REDIRECT_PLUGIN = <<<'PHP'
<?php
// Written by tests/cms/php/wp_change.php: the posts named in the option fixture_redirect_home send their
// readers to the home page, as a redirection plugin does for a post taken down.
add_action('template_redirect', function () {
    if (is_singular() && in_array(get_queried_object_id(), array_map('intval', (array) get_option('fixture_redirect_home', [])), true)) {
        wp_safe_redirect(home_url('/'), 301);
        exit;
    }
});
PHP;

function fixture_fail($message) {
    fwrite(STDERR, $message . "\n");
    exit(1);
}

function fixture_paragraph($text) {
    return "<!-- wp:paragraph -->\n<p>" . esc_html($text) . "</p>\n<!-- /wp:paragraph -->";
}

function fixture_change($action, $id, $text) {
    $post = get_post($id);
    if (!$post) {
        fixture_fail("no post $id");
    }
    switch ($action) {
        case 'trash':
            $done = wp_trash_post($id);
            break;
        case 'untrash':
            add_filter('wp_untrash_post_status', 'wp_untrash_post_set_previous_status', 10, 3);
            $done = wp_untrash_post($id);
            break;
        case 'delete':
            $done = wp_delete_post($id, true);
            break;
        case 'notice':
            $done = wp_update_post(['ID' => $id, 'post_title' => $text, 'post_content' => fixture_paragraph($text)], true);
            break;
        case 'rewrite':
            $content = preg_replace('#<p>.*?</p>#su', '<p>' . esc_html($text) . '</p>', $post->post_content, 1);
            $done = wp_update_post(['ID' => $id, 'post_title' => $post->post_title . '（更新）',
                                    'post_content' => $content], true);
            break;
        case 'redirect_home':
            $plugins = WP_CONTENT_DIR . '/mu-plugins';
            if (!is_dir($plugins)) {
                mkdir($plugins, 0755);
            }
            file_put_contents($plugins . '/fixture-redirects.php', FIXTURE_REDIRECT_PLUGIN);
            $ids = (array) get_option('fixture_redirect_home', []);
            $ids[] = (int) $id;
            $done = update_option('fixture_redirect_home', array_values(array_unique($ids)));
            break;
        default:
            fixture_fail("unknown action $action");
    }
    if (!$done || is_wp_error($done)) {
        fixture_fail("$action $id failed" . (is_wp_error($done) ? ': ' . $done->get_error_message() : ''));
    }
    clean_post_cache($id);
    echo json_encode(['action' => $action, 'id' => (int) $id, 'status' => get_post_status($id),
                      'title' => get_post_field('post_title', $id)], JSON_UNESCAPED_UNICODE), "\n";
}

fixture_change($fixture_action, (int) $fixture_id, $fixture_text);
