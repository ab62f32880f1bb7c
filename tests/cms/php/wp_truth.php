<?php
/*
 * The truth about a seeded WordPress, read back from WordPress itself (its database through its own
 * API): every published post and page with its permalink, title and content as the theme renders
 * them, author, dates in the site's timezone, adjacent posts, the fixture's post meta; and every
 * listing URL a crawler can meet (home and its pages, categories, tags, authors, date archives,
 * search, feeds).
 *
 *   php wp_truth.php DOCROOT URL
 */
// WordPress's bootstrap runs in the global scope and uses names such as $post, $pages and $paged
// itself: this script keeps its own values in function scope.
[$_, $fixture_docroot, $fixture_url] = $argv;
$fixture_host = parse_url($fixture_url);
$_SERVER['HTTP_HOST'] = $fixture_host['host'] . ':' . $fixture_host['port'];
$_SERVER['REQUEST_URI'] = '/';
require $fixture_docroot . '/wp-load.php';

function fixture_text($html) {
    return html_entity_decode(wp_strip_all_tags($html), ENT_QUOTES | ENT_HTML5, 'UTF-8');
}

function fixture_iso($post, $field) {
    $date = get_post_datetime($post, $field, 'local');  // in wp_timezone(): the site's timezone
    return $date ? $date->format(DATE_ATOM) : null;
}

function fixture_adjacent($previous) {
    $other = get_adjacent_post(false, '', $previous);  // what the_post_navigation() links
    if (!$other) {
        return null;
    }
    return ['url' => get_permalink($other), 'title' => fixture_text(get_the_title($other))];
}

/* A listing URL and its further pages (page/2/ …), as paginate_links() makes them. */
function fixture_paged($link, $count) {
    $per_page = (int) get_option('posts_per_page');
    $out = [$link];
    for ($n = 2; $n <= max(1, (int) ceil($count / $per_page)); $n++) {
        $out[] = trailingslashit($link) . user_trailingslashit("page/$n", 'paged');
    }
    return $out;
}

function fixture_posts() {
    $posts = [];
    $query = get_posts(['post_type' => ['post', 'page'], 'post_status' => 'publish', 'numberposts' => -1,
                        'orderby' => 'date', 'order' => 'ASC']);
    foreach ($query as $item) {
        $GLOBALS['post'] = $item;  // get_adjacent_post() and the content filters read the global post
        setup_postdata($item);
        $is_post = $item->post_type === 'post';
        $meta = [];
        foreach (get_post_meta($item->ID) as $key => $values) {
            if (strpos($key, 'fixture_') === 0) {
                $meta[substr($key, 8)] = $values[0];  // lists are stored one item a line
            }
        }
        $posts[] = [
            'id' => $item->ID,
            'kind' => $item->post_type,
            'url' => get_permalink($item),
            'title' => fixture_text(get_the_title($item)),
            'content_html' => apply_filters('the_content', $item->post_content),
            'author' => get_userdata($item->post_author)->display_name,
            'published' => fixture_iso($item, 'date'),
            'modified' => fixture_iso($item, 'modified'),
            'prev' => $is_post ? fixture_adjacent(true) : null,
            'next' => $is_post ? fixture_adjacent(false) : null,
            'comments' => (int) $item->comment_count,
            'meta' => (object) $meta,
        ];
    }
    wp_reset_postdata();
    return $posts;
}

function fixture_listings() {
    $out = [];
    $add = function ($kind, $urls) use (&$out) {
        foreach ((array) $urls as $u) {
            $out[] = ['kind' => $kind, 'url' => $u];
        }
    };
    $add('home', fixture_paged(home_url('/'), (int) wp_count_posts('post')->publish));
    $add('search', [get_search_link('青岚'), add_query_arg('s', '青岚', home_url('/'))]);
    $add('feed', [get_feed_link(), get_feed_link('comments_rss2'), get_feed_link('atom'), get_feed_link('rdf'),
                  get_feed_link('rss')]);
    foreach (get_categories(['hide_empty' => true]) as $term) {
        $add('category', fixture_paged(get_category_link($term), $term->count));
        $add('feed', get_category_feed_link($term->term_id));
    }
    foreach (get_tags(['hide_empty' => true]) as $term) {
        $add('tag', fixture_paged(get_tag_link($term), $term->count));
        $add('feed', get_tag_feed_link($term->term_id));
    }
    foreach (get_users(['has_published_posts' => ['post']]) as $user) {
        $add('author', fixture_paged(get_author_posts_url($user->ID), count_user_posts($user->ID, 'post', true)));
        $add('feed', get_author_feed_link($user->ID));
    }
    $days = $months = $years = [];
    foreach (get_posts(['numberposts' => -1]) as $item) {
        $add('comments feed', get_post_comments_feed_link($item->ID));
        $days[get_the_date('Y-m-d', $item)] = true;
        $months[get_the_date('Y-m', $item)] = ($months[get_the_date('Y-m', $item)] ?? 0) + 1;
        $years[get_the_date('Y', $item)] = ($years[get_the_date('Y', $item)] ?? 0) + 1;
    }
    foreach (array_keys($days) as $day) {
        [$y, $m, $d] = explode('-', $day);
        $add('date archive', get_day_link($y, $m, $d));
    }
    foreach ($months as $month => $count) {
        [$y, $m] = explode('-', $month);
        $add('date archive', fixture_paged(get_month_link($y, $m), $count));
    }
    foreach ($years as $y => $count) {
        $add('date archive', fixture_paged(get_year_link($y), $count));
    }
    return $out;
}

echo json_encode([
    'cms' => 'wordpress',
    'version' => get_bloginfo('version'),
    'url' => home_url('/'),
    'site_name' => fixture_text(get_bloginfo('name')),
    'timezone' => wp_timezone_string(),
    'theme' => get_stylesheet(),
    'posts_per_page' => (int) get_option('posts_per_page'),
    'posts' => fixture_posts(),
    'listings' => fixture_listings(),
], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
