<?php
/*
 * The truth about a seeded Z-BlogPHP, read back through Z-BlogPHP's own objects: every public post and
 * page with its URL, title, content, author account, times in the site's timezone, the Prev/Next posts
 * its templates link ($article->Prev / ->Next, with the active theme's hooks loaded), the post meta the
 * fixture stored; and every listing URL its URL rules make (home pages, categories, tags, authors,
 * month and day archives, search, feeds).
 *
 *   php zb_truth.php ROOT
 */
require __DIR__ . '/zb_common.php';
[$_, $root] = $argv;
$zbp = zb_boot($root);
$per_page = (int) $zbp->option['ZC_DISPLAY_COUNT'];

function zb_url($rule, $rules) {
    $url = new UrlRule($rule);
    foreach ($rules as $key => $value) {
        $url->Rules[$key] = $value;
    }
    return $url->Make();
}

$listings = [];
function zb_listing($kind, $rule, $rules, $count) {
    global $listings, $per_page;
    $pages = max(1, (int) ceil($count / $per_page));
    for ($n = 1; $n <= $pages; $n++) {
        $url = zb_url($rule, $rules + ['{%page%}' => $n]);
        if ($kind === 'home' && $n === 1) {
            $url = $GLOBALS['zbp']->host;  // the home page is the site's root, not page_1.html
        }
        $listings[] = ['kind' => $kind, 'url' => $url];
    }
}

function adjacent($other) {
    if (!$other) {
        return null;
    }
    return ['url' => $other->Url, 'title' => html_entity_decode($other->Title, ENT_QUOTES | ENT_HTML5, 'UTF-8')];
}

function iso($timestamp) {
    return date(DATE_ATOM, $timestamp);  // Z-BlogPHP set the default timezone to ZC_TIME_ZONE_NAME
}

$posts = [];
$months = [];
$days = [];
$list = $zbp->GetPostList(['*'], [['IN', 'log_Type', [0, 1]], ['=', 'log_Status', 0]], ['log_PostTime' => 'ASC'],
                          null, null);
foreach ($list as $post) {
    $is_post = (int) $post->Type === 0;
    $meta = [];
    foreach ($post->Metas->GetData() as $key => $value) {
        if (strpos($key, 'fixture_') === 0) {
            $meta[substr($key, 8)] = $value;
        }
    }
    $posts[] = [
        'id' => (int) $post->ID,
        'kind' => $is_post ? 'post' : 'page',
        'url' => $post->Url,
        'title' => html_entity_decode($post->Title, ENT_QUOTES | ENT_HTML5, 'UTF-8'),
        'content_html' => $post->Content,
        'author' => $post->Author->StaticName,
        'author_login' => $post->Author->Name,
        'published' => iso($post->PostTime),
        'modified' => iso($post->UpdateTime),
        'prev' => $is_post ? adjacent($post->Prev) : null,
        'next' => $is_post ? adjacent($post->Next) : null,
        'comments' => (int) $post->CommNums,
        'meta' => (object) $meta,
    ];
    if ($is_post) {
        $months[date('Y-m', $post->PostTime)] = ($months[date('Y-m', $post->PostTime)] ?? 0) + 1;
        $days[date('Y-m-d', $post->PostTime)] = ($days[date('Y-m-d', $post->PostTime)] ?? 0) + 1;
    }
}

$article = $zbp->GetPostType(0, 'name');
$rule = function ($what) use ($zbp) {
    return $zbp->GetPostType(0, $what);
};
zb_listing('home', $rule('list_urlrule'), [], $zbp->cache->normal_article_nums);
foreach ($zbp->categories_all as $cate) {
    if ($cate->Count > 0) {
        zb_listing('category', $rule('list_category_urlrule'), ['{%id%}' => $cate->ID, '{%alias%}' => $cate->Alias],
                   $cate->Count);
    }
}
foreach ($zbp->GetTagList() as $tag) {
    if ($tag->Count > 0) {
        zb_listing('tag', $rule('list_tag_urlrule'), ['{%id%}' => $tag->ID, '{%alias%}' => $tag->Alias], $tag->Count);
    }
}
foreach ($zbp->members as $member) {
    if ($member->Articles > 0) {
        zb_listing('author', $rule('list_author_urlrule'), ['{%id%}' => $member->ID, '{%alias%}' => $member->Alias],
                   $member->Articles);
    }
}
// Month and day archives, in both spellings the templates use (date-2024-1.html from the archives
// module, date-2024-01-08.html from a theme's TimeUrl), and the months the calendar module links.
$date_rule = $rule('list_date_urlrule');
$date_url = function ($format, $time, $page = 1) use ($date_rule) {
    return zb_url($date_rule, ['{%date%}' => date($format, $time), '{%year%}' => date('Y', $time),
                               '{%month%}' => date('n', $time), '{%day%}' => date('j', $time), '{%page%}' => $page]);
};
foreach ($months as $month => $count) {
    foreach (['Y-n', 'Y-m'] as $format) {
        for ($n = 1; $n <= max(1, (int) ceil($count / $per_page)); $n++) {
            $listings[] = ['kind' => 'date archive', 'url' => $date_url($format, strtotime($month . '-01'), $n)];
        }
    }
}
foreach ($days as $day => $count) {
    foreach (['Y-n-j', 'Y-m-d'] as $format) {
        $listings[] = ['kind' => 'date archive', 'url' => $date_url($format, strtotime($day))];
    }
}
foreach (['-1 month', 'now', '+1 month'] as $offset) {
    $listings[] = ['kind' => 'date archive', 'url' => $date_url('Y-n', strtotime(date('Y-m-01') . ' ' . $offset))];
}
$listings[] = ['kind' => 'search', 'url' => zb_url($rule('search_urlrule'), ['{%q%}' => rawurlencode('青岚')])];
$listings[] = ['kind' => 'search', 'url' => $zbp->host . 'search.php?q=' . rawurlencode('青岚')];
$listings[] = ['kind' => 'feed', 'url' => $zbp->feedurl];
foreach ($zbp->categories_all as $cate) {
    $listings[] = ['kind' => 'feed', 'url' => $zbp->feedurl . '?cate=' . $cate->ID];
}

echo json_encode([
    'cms' => 'zblogphp',
    'version' => ZC_BLOG_VERSION,
    'url' => $zbp->host,
    'site_name' => html_entity_decode($zbp->name, ENT_QUOTES | ENT_HTML5, 'UTF-8'),
    'timezone' => date_default_timezone_get(),
    'theme' => $zbp->option['ZC_BLOG_THEME'],
    'posts_per_page' => $per_page,
    'posts' => $posts,
    'listings' => $listings,
], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
