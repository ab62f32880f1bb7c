<?php
/*
 * Shared start of the Z-BlogPHP scripts: load Z-BlogPHP from its own bootstrap, as its admin pages do
 * (zb_system/function/c_system_base.php, then $zbp->Load()), and act as the site's administrator.
 *
 * Z-BlogPHP's CLI mode reads the script's arguments as a query string into $_GET; the scripts take
 * theirs from $argv and clear $_GET again.
 */
function zb_boot($root) {
    global $zbp;
    require $root . '/zb_system/function/c_system_base.php';
    require $root . '/zb_system/function/c_system_admin.php';
    $_GET = [];
    $zbp->Load();
    $admin = $zbp->GetMemberByID(1);  // the installer's administrator account
    $zbp->user = $admin;
    return $zbp;
}

function zb_fail($message) {
    fwrite(STDERR, $message . "\n");
    exit(1);
}

/* Post one admin form through Z-BlogPHP's own handler (PostArticle, PostMember, PostCategory …). */
function zb_submit($handler, $fields) {
    $_POST = $fields;
    $result = $handler();
    $_POST = [];
    if (!$result) {
        zb_fail("$handler refused " . json_encode($fields, JSON_UNESCAPED_UNICODE));
    }
    return $result;
}

function zb_lines($value) {
    return is_array($value) ? implode("\n", $value) : (string) $value;
}
