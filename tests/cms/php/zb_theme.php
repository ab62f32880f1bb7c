<?php
/*
 * Switches Z-BlogPHP's theme the way its admin does, in the same two requests:
 *   php zb_theme.php ROOT THEME set       cmd.php?act=ThemeSet: SetTheme(), BuildModule(), SaveCache()
 *   php zb_theme.php ROOT THEME install   cmd.php?act=ThemeMng&install=THEME: the new theme's
 *                                         InstallPlugin_THEME() (its default settings), BuildTemplate()
 * The second is a new process so that $zbp->Load() has loaded the new theme's include.php.
 */
require __DIR__ . '/zb_common.php';
[$_, $root, $theme, $step] = $argv;
$zbp = zb_boot($root);

if ($step === 'set') {
    SetTheme($theme, '');
    $zbp->BuildModule();
    $zbp->SaveCache();
} else {
    if ($zbp->option['ZC_BLOG_THEME'] !== $theme) {
        zb_fail("the active theme is {$zbp->option['ZC_BLOG_THEME']}, not $theme");
    }
    InstallPlugin($theme);
    $zbp->BuildTemplate();
    $zbp->BuildModule();
    $zbp->SaveCache();
}
echo json_encode(['theme' => $zbp->option['ZC_BLOG_THEME'], 'style' => $zbp->option['ZC_BLOG_CSS']]), "\n";
