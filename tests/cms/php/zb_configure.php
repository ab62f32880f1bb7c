<?php
/*
 * Site settings of a freshly installed Z-BlogPHP, as its admin pages save them: a fixed domain and the
 * timezone (网站设置), posts per page, and pseudo-static URLs with the .htaccess its STACentre plugin
 * writes (静态化管理中心: /post/N.html, tags-N.html, category-N.html …).
 *
 *   php zb_configure.php ROOT SEED.json
 */
require __DIR__ . '/zb_common.php';
[$_, $root, $seedfile] = $argv;
$seed = json_decode(file_get_contents($seedfile), true);
$zbp = zb_boot($root);
$site = $seed['site'];

$zbp->option['ZC_BLOG_HOST'] = $seed['url'];
$zbp->option['ZC_PERMANENT_DOMAIN_ENABLE'] = true;
$zbp->option['ZC_BLOG_NAME'] = $site['name'];
$zbp->option['ZC_BLOG_SUBNAME'] = $site['description'];
$zbp->option['ZC_TIME_ZONE_NAME'] = $site['timezone'];
$zbp->option['ZC_DISPLAY_COUNT'] = $site['posts_per_page'];
// No view counter: counting writes to SQLite on every page view, and Z-BlogPHP's SQLite3 driver sets no
// busy timeout, so concurrent views fail with "database is locked" and the post is answered with a 404.
$zbp->option['ZC_VIEWNUMS_TURNOFF'] = true;

// STACentre's form (zb_users/plugin/STACentre/main.php), then its "创建.htaccess" button (list.php).
foreach ($site['url_rules'] as $name => $rule) {
    $zbp->option[$name] = $rule;
}
$zbp->option['ZC_STATIC_MODE'] = 'REWRITE';
$zbp->SaveOption();
foreach (['archives', 'tags', 'authors', 'previous', 'catalog', 'navbar'] as $module) {
    $zbp->AddBuildModule($module);
}
$zbp->BuildModule();
$rules = new UrlRule('');
file_put_contents($zbp->path . '.htaccess', $rules->Make_htaccess());
$zbp->SaveCache();

echo json_encode(['host' => $zbp->option['ZC_BLOG_HOST'], 'version' => ZC_BLOG_VERSION]), "\n";
