<?php
/*
 * Changes one post between two crawls through Z-BlogPHP's own admin handlers, as the farm's editors would:
 *
 *   php zb_change.php ROOT ACTION POST_ID [TEXT]
 *
 *   delete     DelArticle(): 文章管理 -> 删除
 *   draft      PostArticle() with the post's own fields and Status = ZC_POST_STATUS_DRAFT: taken off the
 *              site but kept (Z-BlogPHP has no trash; a draft is how its editors hide a post)
 *   publish    PostArticle() with Status = ZC_POST_STATUS_PUBLIC: a draft back on the site
 *   notice     PostArticle(): title and text replaced by the removal notice TEXT (still public)
 *   rewrite    PostArticle(): the title gets "（更新）", the first paragraph becomes TEXT
 *
 * Prints {"action": ..., "id": ..., "status": the post's Status, "title": ...}.
 */
require __DIR__ . '/zb_common.php';
// fixture_ names: Z-BlogPHP's bootstrap sets globals of its own ($action among them)
[$_, $fixture_root, $fixture_action, $fixture_id] = $argv;
$fixture_text = $argv[4] ?? '';
$zbp = zb_boot($fixture_root);
[$action, $id, $text] = [$fixture_action, (int) $fixture_id, $fixture_text];

$post = $zbp->GetPostByID((int) $id);
if (!$post || !$post->ID) {
    zb_fail("no post $id");
}

/* The edit form of the post as the admin page fills it (its own title, text, category, tags, time…). */
function zb_post_fields($post) {
    $tags = [];
    foreach ($post->Tags as $tag) {
        $tags[] = $tag->Name;
    }
    return ['ID' => $post->ID, 'Type' => $post->Type, 'Title' => $post->Title, 'Content' => $post->Content,
            'Intro' => $post->Intro, 'AuthorID' => $post->AuthorID, 'CateID' => $post->CateID,
            'Tag' => implode(',', $tags), 'Status' => $post->Status, 'IsTop' => $post->IsTop,
            'IsLock' => $post->IsLock, 'Alias' => $post->Alias, 'PostTime' => date('Y-m-d H:i:s', $post->PostTime)];
}

$fields = zb_post_fields($post);
switch ($action) {
    case 'delete':
        $_GET = $_REQUEST = ['id' => (int) $id];
        DelArticle();
        $_GET = $_REQUEST = [];
        break;
    case 'draft':
        zb_submit('PostArticle', ['Status' => ZC_POST_STATUS_DRAFT] + $fields);
        break;
    case 'publish':
        zb_submit('PostArticle', ['Status' => ZC_POST_STATUS_PUBLIC] + $fields);
        break;
    case 'notice':
        zb_submit('PostArticle', ['Title' => $text, 'Content' => '<p>' . htmlspecialchars($text) . '</p>', 'Intro' => ''] + $fields);
        break;
    case 'rewrite':
        $content = preg_replace('#<p>.*?</p>#su', '<p>' . htmlspecialchars($text) . '</p>', $post->Content, 1);
        zb_submit('PostArticle', ['Title' => $post->Title . '（更新）', 'Content' => $content, 'Intro' => ''] + $fields);
        break;
    default:
        zb_fail("unknown action $action");
}
$zbp->BuildModule();
$zbp->SaveCache();
$after = $zbp->GetPostByID((int) $id);
echo json_encode(['action' => $action, 'id' => (int) $id, 'status' => $after && $after->ID ? (int) $after->Status : null,
                  'title' => $after && $after->ID ? $after->Title : null], JSON_UNESCAPED_UNICODE), "\n";
