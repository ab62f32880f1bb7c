<?php
/*
 * Fills an installed, configured Z-BlogPHP with the fixture's accounts, categories, posts and comments
 * through Z-BlogPHP's own code: the admin form handlers PostMember(), PostCategory(), PostArticle()
 * (which also creates the tags named in a post and keeps every count), DelArticle() for the
 * installer's sample post, and Comment objects saved with the counters Z-BlogPHP keeps for them.
 *
 *   php zb_seed.php ROOT SEED.json
 *
 * Prints {"posts": {key: ID}, "members": {name: ID}, "categories": {alias: ID}}.
 */
require __DIR__ . '/zb_common.php';
[$_, $root, $seedfile] = $argv;
$seed = json_decode(file_get_contents($seedfile), true);
$zbp = zb_boot($root);

// The installer's "欢迎使用Z-BlogPHP！" post goes, as on every real site.
$_GET = $_REQUEST = ['id' => 1];
DelArticle();
$_GET = $_REQUEST = [];

$members = ['admin' => 1];
foreach ($seed['members'] as $m) {
    $password = bin2hex(random_bytes(8));
    $member = zb_submit('PostMember', ['ID' => 0, 'Name' => $m['name'], 'Alias' => $m['alias'], 'Level' => $m['level'],
                                       'Status' => 0, 'Email' => $m['name'] . '@example.com', 'HomePage' => '',
                                       'Password' => $password, 'PasswordRe' => $password, 'Intro' => '']);
    $members[$m['name']] = $member->ID;
}
if (!empty($seed['admin_alias'])) {
    zb_submit('PostMember', ['ID' => 1, 'Alias' => $seed['admin_alias']]);
}
$zbp->LoadMembers(0);

$categories = [];
foreach ($seed['categories'] as $c) {
    $cate = zb_submit('PostCategory', ['ID' => 0, 'Name' => $c['name'], 'Alias' => $c['alias'], 'Order' => 0,
                                       'ParentID' => 0, 'Intro' => '', 'AddNavbar' => '1']);
    $categories[$c['alias']] = $cate->ID;
}
$zbp->LoadCategories();

$posts = [];
foreach ($seed['posts'] as $p) {
    $fields = ['ID' => 0, 'Type' => 0, 'Title' => $p['title'], 'Content' => $p['content'], 'Intro' => '',
               'AuthorID' => $members[$p['author']], 'CateID' => $categories[$p['category']],
               'Tag' => implode(',', $p['tags']), 'Status' => 0, 'IsTop' => 0, 'IsLock' => 0, 'Alias' => '',
               'PostTime' => $p['date']];
    foreach ($p['meta'] ?? [] as $key => $value) {
        $fields['meta_' . $key] = zb_lines($value);
    }
    $article = zb_submit('PostArticle', $fields);
    // PostArticle stamps "now" as the creation and edit time; the fixture's posts were written back then.
    $article->CreateTime = strtotime($p['date']);
    $article->UpdateTime = strtotime($p['modified'] ?? $p['date']);
    $article->Save();
    foreach ($p['comments'] ?? [] as $c) {
        $comment = new Comment();
        $comment->LogID = $article->ID;
        $comment->Name = $c['author'];
        $comment->Email = $c['email'];
        $comment->HomePage = '';
        $comment->Content = $c['text'];
        $comment->PostTime = strtotime($c['date']);
        $comment->IP = '127.0.0.1';
        $comment->Agent = 'fixture';
        $comment->Save();
        CountPostArray([$article->ID], +1);
        CountCommentNums(+1, 0);
    }
    $posts[$p['key']] = $article->ID;
}
$zbp->AddBuildModule('comments');
$zbp->AddBuildModule('catalog');
$zbp->BuildModule();
$zbp->SaveCache();

echo json_encode(['posts' => $posts, 'members' => $members, 'categories' => $categories],
                 JSON_UNESCAPED_UNICODE), "\n";
