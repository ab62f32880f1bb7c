"""Phrases of the page furniture: prev/next labels, pagination, boilerplate paragraphs, tail markers."""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------------
# Navigation
# ---------------------------------------------------------------------------------------------------

PREV_LABEL_RE = re.compile(
    r"^[\s«‹<←\[【(（]*(?:上一篇文章|上一篇|上篇|前一篇|上一条|上一則|(?:previous|prev|older)(?:\s+(?:post|article|story|entry|posts))?\b)"
    r"\s*[:：>»\]】)）]?\s*",
    re.IGNORECASE,
)
NEXT_LABEL_RE = re.compile(
    r"^[\s«‹<\[【(（]*(?:下一篇文章|下一篇|下篇|后一篇|下一条|下一則|(?:next|newer)(?:\s+(?:post|article|story|entry|posts))?\b)"
    r"\s*[:：>»›→\]】)）]?\s*",
    re.IGNORECASE,
)
#: Text that announces a prev/next link; pages are pre-checked for these before any XPath text scan.
NAV_LABELS: tuple[str, ...] = ("上一篇", "下一篇", "上篇", "下篇", "前一篇", "后一篇", "上一条", "下一条", "上一則", "下一則")
NAV_NONE_RE = re.compile(r"^(?:没有了|沒有了|无|無|暂无|已是第一篇|已是最后一篇|没有上一篇|没有下一篇|none)[。.!！]?$", re.IGNORECASE)
#: Class names of prev/next containers in common themes.
NAV_PREV_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:entry-page-prev|nav-previous|post-prev|prev-post|previous-post|post-previous|article-prev"
    r"|prev-article|pre-article|pre-post|prevpost|prev_post|page-prev|previous|prev|pre)(?:$|[\s_-])",
    re.IGNORECASE,
)
NAV_NEXT_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:entry-page-next|nav-next|post-next|next-post|article-next|next-article|nextpost|next_post"
    r"|page-next|next)(?:$|[\s_-])",
    re.IGNORECASE,
)
NAV_CONTAINER_RE = re.compile(
    r"entry-page|post-navigation|post-nav|pre-?next|prenext|nav-links|navigation|article-nav|single-nav"
    r"|page-nav|shangxia|sxp|prev-next|prev_next",
    re.IGNORECASE,
)
#: the three navigation class tables as one pattern (one memoised test per class string, not three)
NAV_ANY_CLASS_RE = re.compile(
    "|".join(f"(?:{r.pattern})" for r in (NAV_CONTAINER_RE, NAV_PREV_CLASS_RE, NAV_NEXT_CLASS_RE)), re.IGNORECASE
)
#: Bare "prev"/"next" classes are also carousels and pagers: taken only under a post-navigation parent.
BARE_PREV_CLASS_RE = re.compile(r"^(?:prev|previous|pre)$", re.IGNORECASE)
BARE_NEXT_CLASS_RE = re.compile(r"^next$", re.IGNORECASE)
#: Whole class tokens of listing pagers ("entry-page-prev" is a post navigation, not a pager).
PAGINATION_CLASS_RE = re.compile(
    r"^(?:pagination|pager|pages|paging|fenye|page-?(?:nav|numbers?|list|bar|links|box|num)|pagelist|pagenav"
    r"|pagebar|dede_pages|wp-pagenavi|page)$",
    re.IGNORECASE,
)
#: Text only screen readers get (accessibility helpers of themes): not part of what a link shows.
SCREEN_READER_CLASS_RE = re.compile(
    r"screen-?reader|sr-only|visually-?hidden|assistive-text|element-invisible|a11y-hidden", re.IGNORECASE
)
#: Where a neighbour card's meta starts after its title: a date label, a date, a counter.
NAV_TITLE_END_RE = re.compile(
    r"\s*(?:发表于|发布于|發表於|发布时间|posted\s+on|\(?(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}|浏览\s*\d|阅读\s*\d|评论\s*\d"
    r"|\d+\s*(?:次浏览|条评论))",
    re.IGNORECASE,
)
#: Listing pagination: these are pages of a list, never neighbouring articles.
PAGINATION_TEXT_RE = re.compile(
    r"^(?:上一页|下一页|上页|下页|首页|尾页|末页|\d+|[«»‹›<>]+|next\s+page|previous\s+page|older\s+posts|newer\s+posts"
    r"|older\s+entries|newer\s+entries|more|更多)$",
    re.IGNORECASE,
)
PAGINATION_URL_RE = re.compile(r"(?:[?&](?:page|p|pg|paged|start|offset)=\d+|/page/\d+|_\d{1,3}\.s?html?$|/index_\d+)", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------------
# Body: paragraph-level boilerplate
# ---------------------------------------------------------------------------------------------------

#: A paragraph matching any of these (after whitespace normalisation) is dropped.
BOILERPLATE_PARAGRAPH_RES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^[(（\[【]?\s*广告\s*[)）\]】]?$",
        r"^(?:赞|点赞|顶|踩|喜欢|收藏|分享|打赏|like)\s*[(（]?\s*\d*\s*[)）]?$",
        r"^[(（]\s*\d+\s*[)）]$",
        r"^\d+\s*(?:赞|人点赞|条评论)$",
        r"^(?:版权声明|免责声明|版權聲明|免責聲明|特别声明|声明)\s*[:：]",
        r"本文内容由互联网用户自发贡献",
        r"本站仅提供信息存储空间",
        r"不代表本站(?:观点|立场)",
        r"仅代表作者(?:本人)?观点",
        r"转载请注明(?:出处|来源)",
        r"未经(?:授权|许可)?[,，]?\s*(?:禁止|不得|严禁)转载",
        r"如(?:有|发现).{0,12}侵权.{0,40}(?:删除|联系)",
        r"^(?:点击|點擊|阅读|浏览|閱讀)\s*[:：]?\s*\d*\s*次?$",
        r"^(?:点击|阅读|浏览)(?:数|量|次数)?\s*[:：]\s*\d+",
        r"^分享到\s*[:：]?",
        r"^(?:分享|转发|收藏|打印|关闭|返回|字号|字体)\s*[:：]?\s*(?:[大中小]\s*)*$",
        r"^(?:相关推荐|相关文章|相关阅读|相关新闻|推荐阅读|猜你喜欢|热门推荐|热门文章|延伸阅读|精彩推荐|最新文章|热点推荐|相关链接)\s*[:：]?$",
        r"^扫一扫",
        r"扫描二维码|扫码关注|长按(?:识别)?二维码|微信扫一扫|用微信扫码|关注我们|关注公众号|关注微信公众号",
        r"^【?(?:纠错|糾錯|打印|关闭窗口|关闭|返回顶部|我要纠错)】?$",
        r"^(?:copyright|版权所有|©|\(c\))",
        r"all rights reserved",
        r"^(?:上一篇|下一篇|上一條|下一條)",
        r"^(?:责任编辑|責任編輯|编辑|編輯|责编)\s*[:：]",
        r"^(?:来源|來源|本文来源|文章来源)\s*[:：]",
        r"^(?:标签|关键词|tags?)\s*[:：]",
        r"^(?:网友评论|发表评论|评论|我来说两句|已有\s*\d+\s*条评论|\d+\s*条评论)",
        r"^(?:share|tweet|share this|share on)\b",
        r"^(?:advertisement|sponsored)$",
        r"^(?:返回搜狐|查看更多|阅读全文|展开全文|点击查看|点击进入)",
        r"【\s*(?:点击|點擊)[^【】]{1,6}】",  # a call to action in brackets: "…评选火热进行中！【点击投票】"
        r"网友评论仅供其表达个人看法",
        # provenance and contribution notes of reposts: "(本文来自…，更多原创资讯请下载…APP)", "图片均来自网络"
        r"^[(（]\s*本文来自[^()（）]{0,60}[)）]$",
        r"^[(（]?\s*(?:本文|文中|部分|文章)?(?:信息|内容|资料|图片|配图|素材)(?:均|皆|部分)?(?:来源|来自|源自|取自)(?:于)?(?:网络|互联网)",
        r"^[(（][^()（）]{0,30}(?:对此文|对本文|对此稿|对本稿)(?:亦|也)?有(?:贡献|帮助)[)）]$",
        r"^经(?:过)?[^\s，。,]{1,10}(?:重新)?(?:编排|排版)$",
        # links to earlier stories and channel teasers
        r"^(?:此前报道|相关报道|往期回顾|往期精选|往期推荐|更多阅读|延伸阅读)\s*[:：]",
        r"^(?:相关|更多)(?:资讯|内容|新闻|精彩|信息)(?:请|敬请)?关注\s*[:：]?",
        r"^(?:返回|回到)[^\s，。,]{0,10}(?:首页|频道)\s*[>»]*$",
        r"扫描(?:下方|上方|左侧|右侧|以下|文末)?(?:的)?二维码",
        r"^点击(?:底部|下方)?菜单",
        r"^[\s·•|｜/>»-]*$",
        # English notes of the site about itself: affiliate disclosures, pinning and joining prompts,
        # pagination counters, funding appeals, a bare "Related:" label (short paragraphs only)
        r"^(?=.{0,300}$).*?\b(?:we|i)\s+(?:may|might|could)\s+(?:earn|receive|get)\s+(?:a\s+)?(?:small\s+)?"
        r"(?:commission|compensation|affiliate)",
        r"^(?=.{0,300}$).*?\breader[- ]supported\b",
        r"^pin\s+(?:(?:this|it|me)(?:\s+for\s+later)?|for\s+later)\s*[!.]*$",
        r"^page\s+\d+\s+of\s+\d+$",
        r"^(?=.{0,120}$)(?:join|subscribe to)\b.{0,40}\b(?:mailing list|newsletter|for free to get updates)\b",
        r"^(?=.{0,200}$)(?:this|the)\s+(?:story|article|journalism|reporting)\s+is\s+(?:funded|supported|made possible)"
        r"\s+by\s+(?:readers|members|subscribers|listeners)",
        r"^related\s*:?$",
        # a call to action alone on its line (a button printed as text)
        r"^(?:get in touch|contact us|get started(?: for free| today| now)?|see (?:the )?price (?:at|on) [^.!?]{1,30}"
        r"|you (?:might|may) (?:also )?like|sign up(?: for free| now| today)?|subscribe(?: now| today)?)\s*[!.:»›>]*$",
    )
)
#: Paragraphs that end the article: everything after them is template (kept only if they come early).
TAIL_MARKER_RE = re.compile(
    r"^(?:相关推荐|相关文章|相关阅读|相关新闻|推荐阅读|猜你喜欢|热门推荐|热门文章|精彩推荐|最新文章|热点推荐"
    r"|版权声明|免责声明|上一篇|下一篇|网友评论|发表评论|相关链接|related\s+(?:posts|articles|stories)"
    r"|(?:tags?|标签|標籤)\s*[:：]?\s*$)",  # a "Tags" heading alone on its line: the tag list follows
    re.IGNORECASE,
)
#: The ad marker standing alone on its line: the paragraph after it is the ad.
AD_MARKER_RE = re.compile(r"^[(（\[【]\s*广告\s*[)）\]】]$")
#: What an info line's fields never hold: sentence punctuation.
INFO_LINE_PROSE_RE = re.compile(r"[，。！？；,!?;]")
#: A paragraph that opens with the ad marker is the ad itself: "(广告)家电以旧换新补贴进行中…".
AD_PARAGRAPH_RE = re.compile(r"^[(（\[【]\s*广告\s*[)）\]】]")
#: Fragments stripped out of a paragraph but not killing it.
INLINE_JUNK_RE = re.compile(r"[(（]\s*广告\s*[)）]|【纠错】|\[纠错\]|返回[^\s，。,>»]{1,10}首页\s*[>»]+\s*$")

#: Separators between a headline and the site/channel names in ``<title>`` ("标题_频道_网站", "Title | Site").
TITLE_SEP_RE = re.compile(
    r"\s*[_|｜]\s*|\s+[-–—·:»]\s+|(?<=[\u4e00-\u9fff）」”!?！？])\s*-{1,2}\s*(?=[\u4e00-\u9fff])"
)
#: A date printed inside the headline's element, after the headline ("标题 2024-01-03 10:00:00").
HEADLINE_DATE_RE = re.compile(
    r"\s*(?:发表于|发布于|posted\s+on)?\s*\(?(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\)?\s*$",
    re.IGNORECASE,
)
#: A heading quoting the story's earlier headline ("原标题：…") is not this page's headline.
ORIGINAL_TITLE_MARKS: tuple[str, ...] = ("原标题", "原標題")
#: Common English words: a page where they are frequent is written in English.
EN_STOPWORDS = frozenset({"the", "and", "of", "to", "in", "is", "that", "for", "on", "with", "was", "as", "it"})
#: A short line near the top or the end of the text that may be a date line ("2019-05-17 来源：…").
DIGITISH_RE = re.compile(r"\d|[今昨前]天|刚刚|[一二三四五六七八九十〇]{1,4}[年月]")
