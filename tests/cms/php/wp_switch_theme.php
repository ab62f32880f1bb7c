<?php
/*
 * Activates another installed theme through WordPress's switch_theme() (Appearance -> Themes).
 *
 *   php wp_switch_theme.php DOCROOT URL THEME
 */
// WordPress's bootstrap runs in the global scope and uses names such as $theme and $post itself:
// this script keeps its own values in function scope.
[$_, $fixture_docroot, $fixture_url, $fixture_theme] = $argv;
$fixture_host = parse_url($fixture_url);
$_SERVER['HTTP_HOST'] = $fixture_host['host'] . ':' . $fixture_host['port'];
$_SERVER['REQUEST_URI'] = '/wp-admin/themes.php';
require $fixture_docroot . '/wp-load.php';

function fixture_switch_theme($name) {
    $target = wp_get_theme($name);
    if (!$target->exists() || $target->errors()) {
        fwrite(STDERR, "theme $name is not installed\n");
        exit(1);
    }
    switch_theme($name);
    echo json_encode(['theme' => get_stylesheet()]), "\n";
}

fixture_switch_theme($fixture_theme);
