"""Markup conventions: tag sets and the class/id words of content, boilerplate, info lines and zones."""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------------
# DOM: tags and class/id patterns
# ---------------------------------------------------------------------------------------------------

#: Subtrees never part of the article text.
SKIP_TAGS: frozenset[str] = frozenset(
    {
        "script", "style", "noscript", "nav", "aside", "footer", "form", "iframe", "button", "select",
        "option", "textarea", "input", "svg", "canvas", "template", "object", "embed", "head", "title",
        "meta", "link", "map", "audio", "video", "label",
    }
)
#: Elements that start a new paragraph.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td",
        "th", "tbody", "thead", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "figure", "figcaption", "center", "hr", "br", "address", "details", "summary", "fieldset",
        "caption", "body", "html",
    }
)
#: Lists: their items are separate things (feed entries, teasers, comments), rarely one article's text.
LIST_TAGS: frozenset[str] = frozenset({"ul", "ol", "dl"})
HEADING_TAGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

#: Class/id keywords marking boilerplate anywhere inside a token ("comment-list", "relatedPosts").
BOILERPLATE_ANYWHERE_RE = re.compile(
    r"comment|related|recommend|sidebar|footer|copyright|disclaimer|breadcrumb|crumbs|pagination|pager"
    r"|sharing|social|advert|adsbygoogle|entry-page|pre-?next|prenext|post-?nav|nav-links|nav-previous"
    r"|nav-next|navigation|navbar|qrcode|erweima|gotop|backtop|back-to-top|toolbar|widget|banner"
    r"|hotnews|hot-news|ranking|login|signin|reward|dashang|youlike|you-like|jubao|newsletter|subscribe"
    r"|cookie|popup|modal|tagcloud|post-tags|entry-tags|article-tags|tag-list|taglist|keywords"
    r"|statement|shengming|bottom|topbar|top-bar|header-nav|menu|bshare|jiathis|bdshare|author-box"
    r"|authorbox|author-bio|about-author|zan-|-zan|dig[gg]|thumbs|favor|collect|print-|fontsize"
    r"|font-size|relate|xgyd|xgtj|xgwz|rmtj|tuijian|remen|hot-list|hotlist|rank-list|more-news|morenews",
    re.IGNORECASE,
)
#: Keywords that mark boilerplate only as a whole token or its last/first dash part. Prefix-matching
#: "tag"/"ad" would hit WordPress post classes like "tag-foo", hence the anchoring.
BOILERPLATE_TOKEN_RE = re.compile(
    r"(?:^|[-_])(?:nav|menu|share|side|aside|foot|ad|ads|adv|tags?|hot|rank|prev|next|previous|zan|like"
    r"|likes|praise|digg|tool|tools|fav|gg|guanggao|links|friendlink|flink|foot\w*)$"
    r"|^(?:ad|ads|adv|nav|menu|side|foot|share|hot|rank|gg|guanggao|like|zan|copy)(?:[-_]|$)",
    re.IGNORECASE,
)
#: Class/id keywords of containers that usually hold the article text.
CONTENT_HINT_RE = re.compile(
    r"article|content|entry|post-?body|post-?content|story|detail|main|text|body|news_?txt|zhengwen|"
    r"(?:^|[-_])(?:con|cont|txt|zw|nr|wz|neirong|wenzhang)(?:$|[-_])",
    re.IGNORECASE,
)
#: Containers whose dates/links must never be read as the article's (prev/next, related, comments...).
DATE_EXCLUDE_RE = re.compile(
    r"comment|related|recommend|sidebar|footer|copyright|disclaimer|entry-page|pre-?next|prenext"
    r"|post-?nav|nav-links|nav-previous|nav-next|navigation|widget|hot|rank|relate|tuijian|remen"
    r"|xgyd|xgwz|more-news|morenews|bottom|reply|review|pinglun|aside|(?:^|[-_])(?:prev|next|side|foot)(?:$|[-_])",
    re.IGNORECASE,
)
DATE_EXCLUDE_TAGS: frozenset[str] = frozenset({"footer", "aside", "nav", "form", "select", "option"})
#: Inside the article's own element (its ``<article>``, else its ``<main>``) a footer, an aside or a "bottom"
#: block is the article's (``<footer class="entry-footer">`` holds its date and author): only these zones
#: are excluded there.
ARTICLE_ZONE_EXCLUDE_RE = re.compile(
    r"comment|related|recommend|copyright|disclaimer|entry-page|pre-?next|prenext|post-?nav|nav-links|nav-previous"
    r"|nav-next|navigation|relate|tuijian|remen|xgyd|xgwz|more-news|morenews|reply|review|pinglun|sidebar"
    r"|(?:^|[-_])(?:prev|next)(?:$|[-_])",
    re.IGNORECASE,
)
ARTICLE_ZONE_EXCLUDE_TAGS: frozenset[str] = frozenset({"nav", "form", "select", "option"})
#: Class/id/itemprop hints of the element holding a page's own publication date, and of its update date.
PUBLISHED_HINT_RE = re.compile(r"publish|entry-date|post-?date|pubdate|date-?published|posted-?on|type-date", re.IGNORECASE)
UPDATED_HINT_RE = re.compile(r"updated|modified|changed", re.IGNORECASE)

#: Class/id hints of the "info line" under the headline (date, source, author).
INFO_HINT_RE = re.compile(
    r"info|meta|byline|author|source|time|date|pub|post-?date|attr|publish|writer|editor|laiyuan|sj"
    r"|from|origin|detail-?top|article-?top|subtitle|sub-?title|tip|fbsj|ly",
    re.IGNORECASE,
)
TITLE_HINT_RE = re.compile(r"title|headline|tit(?:$|[-_])|(?:^|[-_])bt(?:$|[-_])|biaoti", re.IGNORECASE)
POSTER_HINT_RE = re.compile(r"nickname|nick|user-?name|uname|poster|username|(?:^|[-_])user(?:$|[-_])", re.IGNORECASE)
#: A link to an account's archive ("/author/li/", "author-2.html", "?author=3", "/user/li"): its text names the poster.
AUTHOR_LINK_RE = re.compile(r"(?:^|[/?&._-])(?:author|user|member|space-uid|uid)(?:s)?(?:[/=_.-]|$)", re.IGNORECASE)
#: Class/id hints of an unlabelled outlet slot in the info line ("date-source", "media").
SOURCE_HINT_RE = re.compile(r"source|laiyuan|(?:^|[-_])(?:ly|media|from|origin)(?:$|[-_])", re.IGNORECASE)
AUTHOR_HINT_RE = re.compile(r"author|byline|writer|zuozhe", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------------
# Class/id words of boilerplate, strong and weak
# ---------------------------------------------------------------------------------------------------

#: Class tokens describing a state ("has-sidebar", "no-comments") rather than a role.
STATE_PREFIXES = ("has-", "has_", "with-", "no-", "no_", "show-", "hide-", "is-", "enable-", "disable-", "__")

#: ... or a state given as a suffix ("modal-enabled", "sidebar-open"); "__next" / "__nuxt" are framework roots.
STATE_SUFFIXES = ("-enabled", "_enabled", "-disabled", "-active", "-open", "-loaded", "-ready", "-visible", "-hidden")

#: Comment threads: the only class words the last-resort walk still skips.
COMMENT_CLASS_RE = re.compile(r"comment|reply|pinglun|disqus", re.IGNORECASE)
#: Tokens whose subtrees are boilerplate even when they hold a lot of prose (comments, related excerpts).
STRONG_BOILERPLATE_RE = re.compile(
    r"comment|related|relate|recommend|reply|pinglun|youlike|you-like|tuijian|xgyd|xgtj|xgwz|disclaimer"
    r"|copyright|statement|shengming|newsletter|subscribe|cookie|popup|modal|author-?bio|about-author|author-?box"
    r"|trending|recirculation|nocontent|most-?read|most-?popular|read-?next|more-?stories|up-?next",
    re.IGNORECASE,
)
#: English layout words the shared tables lack: media captions, credits, promos (weak: a block holding
#: prose is still rescued as a wrapper).
WEAK_BOILERPLATE_EXTRA_RE = re.compile(r"caption|(?:^|[-_])(?:credits?|promo)(?:$|[-_])", re.IGNORECASE)

#: Page builders call every block a "widget": only link lists and near-empty widgets are boilerplate.
WIDGET_CLASS_RE = re.compile(r"widget", re.IGNORECASE)

#: Skipped tags that may wrap a whole article (an ASP.NET page-wide <form>, an unclosed <nav>).
WRAPPER_SKIP_TAGS = frozenset({"form", "nav", "aside", "header", "button", "label"})

# ---------------------------------------------------------------------------------------------------
# Structured data
# ---------------------------------------------------------------------------------------------------

#: JSON-LD ``@type`` values of a page that is (or describes) one article.
ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
     "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle",
     "techarticle", "socialmediaposting", "liveblogposting", "webpage", "report"}
)
#: JSON-LD types of a page that lists other pages (an archive, search results, a profile).
LISTING_TYPES = frozenset({"collectionpage", "searchresultspage", "profilepage"})
#: ``og:type`` values of a page that is one article.
ARTICLE_OG_TYPES = frozenset({"article", "news", "blog", "blogposting", "newsarticle"})
#: ``<body>`` class tokens pages use to say what they are (WordPress' body_class vocabulary is the most
#: common; many themes and CMSs copy it): one article, or a list of them.
ARTICLE_BODY_CLASSES = frozenset({"single", "single-post", "single-format-standard", "postid", "node-type-article"})
LISTING_BODY_CLASSES = frozenset(
    {"home", "blog", "archive", "category", "tag", "author", "date", "search", "search-results", "search-no-results",
     "paged", "error404", "page-template-archive"}
)
