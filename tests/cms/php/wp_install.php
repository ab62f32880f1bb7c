<?php
/*
 * Installs a fresh WordPress through its own installer function, as wp-admin/install.php does:
 * wp_install() creates the tables, options, roles and the admin account.
 *
 *   php wp_install.php DOCROOT SEED.json
 *
 * SEED.json is written by tests/cms/wordpress.py (site name, URL). Prints {"installed": true, ...}.
 */
[$_, $fixture_docroot, $fixture_seedfile] = $argv;
$fixture_seed = json_decode(file_get_contents($fixture_seedfile), true);  // fixture_ names: WordPress's globals are many
$fixture_host = parse_url($fixture_seed['url']);
// What a browser request would carry: WordPress builds its URLs from these until siteurl is set.
$_SERVER['HTTP_HOST'] = $fixture_host['host'] . ':' . $fixture_host['port'];
$_SERVER['SERVER_NAME'] = $fixture_host['host'];
$_SERVER['SERVER_PORT'] = $fixture_host['port'];
$_SERVER['REQUEST_URI'] = '/wp-admin/install.php';

define('WP_INSTALLING', true);
require $fixture_docroot . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

// This machine sends no mail: short-circuit wp_mail() (the "new site" notification).
add_filter('pre_wp_mail', '__return_false');

$fixture_site = $fixture_seed['site'];
$fixture_result = wp_install($fixture_site['name'], 'admin', 'admin@example.com', true, '', $fixture_seed['admin_password']);
update_option('siteurl', rtrim($fixture_seed['url'], '/'));
update_option('home', rtrim($fixture_seed['url'], '/'));

echo json_encode(['installed' => is_blog_installed(), 'admin_id' => $fixture_result['user_id'],
                  'version' => get_bloginfo('version')], JSON_UNESCAPED_UNICODE), "\n";
