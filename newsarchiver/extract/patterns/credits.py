"""Credit tables: the labels of 作者/编辑/来源 lines, name rules, accounts that only post."""

from __future__ import annotations

import re
import unicodedata

# ---------------------------------------------------------------------------------------------------
# Bylines
# ---------------------------------------------------------------------------------------------------

AUTHOR_LABELS: tuple[str, ...] = (
    "作者", "文", "记者", "撰稿", "撰文", "通讯员", "特约记者", "本报记者", "文/图", "图/文", "文图",
    "图文", "本报通讯员", "见习记者", "实习记者", "首席记者", "特约撰稿", "撰稿人", "执笔", "口述",
    "記者", "撰稿", "作者：", "文字", "采写", "采访", "主笔", "本刊记者", "特派记者", "報導", "执笔人",
    "通訊員", "撰文人",
)
EDITOR_LABELS: tuple[str, ...] = (
    "责任编辑", "编辑", "责编", "本文编辑", "值班编辑", "审核", "终审", "初审", "复审", "编审",
    "美编", "主编", "编校", "監製", "責任編輯", "編輯", "責編", "審核",
)
SOURCE_LABELS: tuple[str, ...] = (
    "来源", "稿源", "出处", "转载自", "本文来源", "文章来源", "信息来源", "新闻来源", "转自", "来自",
    "來源", "出處", "轉載自", "文章來源", "来源于", "稿件来源", "新聞來源",
    "本文转自", "本文转载自", "本文来源于", "文章来源于", "转载于", "本文来自", "文章来自", "本文轉自", "本文來源",
)
#: 来源 values that name no publisher ("来源：网络" = found somewhere online).
NOT_SOURCES: frozenset[str] = frozenset(
    {
        "网络", "網絡", "網路", "互联网", "互聯網", "网上", "网络转载", "网友", "网友投稿", "转载", "轉載", "本站",
        "本网", "原创", "原創", "佚名", "未知", "不详", "综合", "綜合", "网络整理", "网络综合", "投稿",
    }
)
SOURCE_URL_LABELS: tuple[str, ...] = ("原文链接", "原文地址", "原文网址", "原文連結", "原文網址", "本文链接", "本文地址")
DATE_FIELD_LABELS: tuple[str, ...] = (
    "发布时间", "发表时间", "发布日期", "发表日期", "时间", "日期", "更新时间", "更新日期", "發布時間",
    "更新時間", "發表時間", "發佈時間", "時間", "发表于", "发布于", "發表於",
)
ORIGINAL_TITLE_LABELS: tuple[str, ...] = ("原标题", "原標題", "原题", "本文原标题", "原标题为", "原题为", "原題為", "原題")
#: Labels of fields an info line carries that we read nothing from, but that end the previous field.
NOISE_LABELS: tuple[str, ...] = (
    "点击", "点击数", "点击量", "阅读", "阅读量", "阅读数", "浏览", "浏览量", "浏览次数", "人气", "评论",
    "字号", "字体", "分享", "分享到", "栏目", "所属栏目", "分类", "标签", "关键词", "关键字", "热度",
    "点赞", "收藏", "打印", "Tags", "Views", "Comments", "摄影", "摄", "图", "图片", "视频", "制图",
    "校对", "责任校对", "校對",
)

#: Accounts that post on a site but are not the article's author.
POSTER_NAMES: frozenset[str] = frozenset(
    {
        "小编", "admin", "administrator", "管理员", "网友", "佚名", "匿名", "编辑部", "本站", "站长",
        "投稿", "editor", "webmaster", "root", "系统管理员", "本站编辑", "网站编辑", "本站小编",
        "sysadmin", "guest", "游客", "用户", "未知", "unknown", "anonymous", "staff", "本网", "本报",
        "作者", "原创", "转载",
    }
)
POSTER_SUFFIXES: tuple[str, ...] = ("小编",)

#: Words at the end of a name value that are not part of the name ("张三 报道", "李四 摄").
NAME_SUFFIXES: tuple[str, ...] = (
    "报道", "報導", "摄影", "摄", "攝", "整理", "编译", "編譯", "采写", "撰写", "供稿", "综合报道",
    "发自", "翻译", "翻譯", "制图", "绘图", "文图", "图文", "联合报道", "综合", "实习生", "编辑",
)
#: Two-character family names: a four-character name starting so may be a person ("欧阳小明").
COMPOUND_SURNAMES: frozenset[str] = frozenset(
    {
        "欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "皇甫", "尉迟", "尉遲", "公孙", "公孫",
        "慕容", "长孙", "長孫", "宇文", "司徒", "夏侯", "轩辕", "軒轅", "令狐", "独孤", "獨孤", "南宫", "南宮",
        "西门", "西門", "端木", "百里", "呼延", "澹台", "公冶", "太史", "申屠", "钟离", "鍾離", "闾丘", "閭丘",
        "赫连", "赫連", "濮阳", "濮陽", "单于", "單于", "淳于", "拓跋", "范姜", "张简", "張簡",
    }
)
#: Badges printed next to an outlet name in an info line ("原创", "[整理]", "企鹅号").
OUTLET_BADGE_RE = re.compile(
    r"[\[【(（][^\]】)）]{1,4}[\]】)）]|^(?:原创|原創|转载|轉載|置顶|独家|獨家|精选|推荐|首发|首發|认证|认证作者|作者)$"
)
#: Organisation endings: a "name" ending so is a publisher, not a person.
ORG_SUFFIXES: tuple[str, ...] = (
    "网", "網", "报", "報", "社", "台", "新闻", "新聞", "日报", "晚报", "周刊", "杂志", "频道", "中心",
    "公司", "集团", "部", "局", "厅", "委", "会", "办", "院", "站", "号", "科技", "财经", "在线",
    "传媒", "媒体", "时报", "网站", "官网", "发布", "观察", "资讯", "头条", "视界", "大学", "学校",
)
#: Words that look like 2-4 CJK names but are not.
NOT_NAMES: frozenset[str] = frozenset(
    {
        "简介", "介绍", "信息", "原创", "转载", "来源", "本文", "全文", "正文", "作者", "记者", "编辑",
        "责任", "发布", "时间", "日期", "更多", "文章", "相关", "网络", "互联网", "本网", "本报", "本站",
        "综合", "报道", "图片", "视频", "首页", "新闻", "资讯", "中国", "北京", "上海", "广州", "深圳",
        "新华社", "中新社", "客户端", "微信", "微博", "未知", "不详", "佚名", "其他", "实习生", "通讯员",
        "特约", "图文", "文字", "整理", "编译", "摄影", "查看", "点击", "阅读", "评论", "整合", "博客",
        "联系", "联系我们", "翻攝", "翻摄", "报导", "報導", "出自", "来自", "發自", "发自", "转自", "摘自", "选自",
    }
)
LATIN_NAME_PARTICLES: frozenset[str] = frozenset(
    {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "dos", "bin", "al", "st."}
)
#: Capitalised words of an English byline that are never part of a name: months, weekdays, meta words.
LATIN_NOT_NAME_WORDS: frozenset[str] = frozenset(
    {
        "feb", "apr", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january", "february", "march", "july",
        "september", "october", "november", "december", "mon", "tue", "tues", "wed", "thur", "thurs",
        "fri", "sat", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "updated", "published", "posted", "modified", "written", "follow", "by",
    }
)
BY_RE = re.compile(r"^\s*(?:(?:(?:written|posted)\s+)?by|authors?)\s*[:：]?\s+(?P<names>.+)$", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------------
# Label machinery: every label of the tables above, by kind, as one regex
# ---------------------------------------------------------------------------------------------------

LABEL_KINDS: dict[str, str] = {}
for _kind, _labels in (
    ("noise", NOISE_LABELS),
    ("date", DATE_FIELD_LABELS),
    ("original_title", ORIGINAL_TITLE_LABELS),
    ("source_url", SOURCE_URL_LABELS),
    ("source", SOURCE_LABELS),
    ("editor", EDITOR_LABELS),
    ("author", AUTHOR_LABELS),  # last: "文/图" etc. win over noise "图"
):
    for _label in _labels:
        LABEL_KINDS[unicodedata.normalize("NFKC", _label).rstrip(":")] = _kind

LABEL_RE = re.compile(
    r"(?P<label>"
    + "|".join(re.escape(label) for label in sorted(LABEL_KINDS, key=len, reverse=True))
    + r")\s*(?P<sep>[:/|丨]?)\s*",
    re.IGNORECASE,
)
#: Labels that may follow any character ("新华社记者唐霁", "本报记者").
RELAXED_LABELS = frozenset({"记者", "記者", "通讯员", "特约记者", "本报记者", "见习记者", "实习记者", "首席记者", "特派记者", "本刊记者", "本报通讯员"})
#: Labels that are also the first word of account names ("编辑小李", "小编阿花"): read as a label only with a
#: separator or a space after them ("编辑：小李", "编辑 小李").
GLUED_NAME_LABELS: frozenset[str] = frozenset({"编辑", "編輯"})
#: Single-character labels need an explicit separator ("文/张三", "图：新华社"), else they eat names.
SEP_REQUIRED = frozenset(label for label in LABEL_KINDS if len(label) == 1)
LABEL_BOUNDARY = set(" \t([【|丨/,;·•:>»-\"'“”「」")

# Where a names value ends: brackets, URLs, digits of a date, or a relative date ("前天 09:10").
NAMES_END_RE = re.compile(r"[|丨【\[\]】<>《》]|https?://|\d{2,}[-/.年:]|\d{4}|(?:今天|昨天|前天|刚刚|\d+\s*(?:秒|分钟|小时|天)前)")
PAREN_RE = re.compile(r"[(][^()]*[)]")
DISPATCH_RE = re.compile(r"^\s*(?P<glued>[\u4e00-\u9fff]{4,6})\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日\s*[电電]")
NAME_SPLIT_RE = re.compile(r"\s*(?:[\s,、;/&＆]|\band\b|\bund\b)\s*", re.IGNORECASE)
CJK_NAME_RE = re.compile(r"^[\u3400-\u9fff](?:[\u3400-\u9fff]|·|•){1,11}$")
LATIN_NAME_WORD_RE = re.compile(r"^(?:[A-Z][a-zA-Z'’\-]*\.?|[A-Z]\.)$")
HANDLE_RE = re.compile(r"^[a-z][a-z]{3,19}$")
CODE_TAIL_RE = re.compile(r"[_＿]\S*$")
TEXT_URL_RE = re.compile(r"https?://\S+")
WRAPPER_CHARS = "()[]【】〔〕「」『』<>〈〉"
NAME_STRIP_CHARS = " \t:：,，;；、/|丨-—·•.。\"'“”"

MONTH_NAMES_ALT = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
           "|august|september|october|november|december")
BY_TAIL_RE = re.compile(
    rf"\s+[·•|｜—–]\s*|\s+-\s+|\s+(?:on|at|updated|published|posted)\s+|,?\s+(?=\d)|,?\s+(?=(?:{MONTH_NAMES_ALT})\b\.?\s*\d)",
    re.IGNORECASE,
)

BYLINE_START_RE = re.compile(
    r"^[(\[【]?\s*(?:"
    + "|".join(re.escape(label) for label in sorted(LABEL_KINDS, key=len, reverse=True) if LABEL_KINDS[label] != "noise")
    + r")\s*[:/]?",
    re.IGNORECASE,
)

INLINE_CREDIT_RE = re.compile(
    r"[(（]\s*(?:[\u4e00-\u9fff]{0,6}?(?:记者|通讯员|記者|通訊員)|作者|文)\s*[:：/]?\s*[^()（）]{2,40}[)）]"
)

BULLET_CHARS = " □■●◆◇○※*▲△▶►"
REPORTER_LABEL_ALT = "特约记者|见习记者|实习记者|首席记者|特派记者|驻站记者|记者|記者|通讯员|通訊員|作者"
#: "《棱镜》作者 周纯", "澎湃新闻记者 段彦超 廖艳", "整合 新华日报·交汇点记者 徐睿翔": an outlet, then the label.
PREFIXED_CREDIT_RE = re.compile(
    r"^(?P<prefix>《[^》]{1,15}》|[\u4e00-\u9fff·•][\u4e00-\u9fff·•\s]{1,19}?)\s*(?P<label>" + REPORTER_LABEL_ALT
    + r")\s*[:/]?\s*(?P<names>[^:/]{2,40})$"
)
ORIGINAL_TITLE_LINE_RE = re.compile(r"^[(\[【]?\s*(?:本文)?(?:原标题|原標題|原题|原題)(?:为|為)?\s*[:]\s*\S|^[(\[【]?\s*(?:本文)?(?:原标题|原標題|原题|原題)(?:为|為)\s*《")

#: "／台北報導", "/桃园机场报道", "／翻攝": a place or a credit kind after a slash, never a name.
PLACE_REPORT_RE = re.compile(
    r"\s*[／/]\s*[\u4e00-\u9fff]{0,8}?(?:綜合報導|综合报道|報導|报道|報道|报导|电|電|傳真|传真|翻攝|翻摄|攝影|摄影|攝|摄)(?![\u4e00-\u9fff])"
)
TRAILING_CREDIT_RE = re.compile(r"[(（]\s*([\u4e00-\u9fff]{2,4})\s*[／/]\s*[\u4e00-\u9fff]{0,8}(?:報導|报道|報道|报导)\s*[)）]")
TRAILING_NAMES_RE = re.compile(r"[(（]\s*([\u4e00-\u9fff]{2,4}(?:[\s、，,]+[\u4e00-\u9fff]{2,4}){0,3})\s*[)）]\s*$")
ORG_REPORTER_RE = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff·•\s]{1,19}?(?:记者|記者|通讯员)\s*[:：]?\s*(?P<names>[\u4e00-\u9fff][\u4e00-\u9fff\s、，,]{1,30})$")

OUTLET_SPLIT_RE = re.compile(r"[\s|丨/·•]+")

COUNTER_FIELD_RE = re.compile(r"(?:阅读|点击|浏览|人气|评论|閱讀|點擊|瀏覽|Views?|Comments?)\s*(?:数|量|次数)?\s*[:(]?\s*\d+\s*\)?\s*次?", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------------
# Where else pages credit people and outlets
# ---------------------------------------------------------------------------------------------------

#: A line that starts with a labelled author (after a date or a bullet, at most).
AUTHOR_LINE_RE = re.compile(r"^[\s\d:：年月日/\-.□■●]{0,20}(?:作者|作\s者|記者|记者|文)\s*[:：/]")
#: Labels of an author line a post's template prints below its text (worth a walk only when present).
TEMPLATE_CREDIT_LABELS: tuple[str, ...] = ("作者", "作 者", "發表", "发表")
#: Labels worth a text scan for editor / source lines printed outside the text block.
CREDIT_LINE_LABELS: tuple[str, ...] = ("编辑", "责编", "編輯", "責編", "来源", "來源")
#: A structured author claim split into parts ("A, B and C", "A | B").
CLAIM_SPLIT_RE = re.compile(r"\s*(?:[|;/&]|,|\band\b)\s*")
#: A name-shaped part of a structured claim: up to four words of letters (accents, apostrophes, dots).
CLAIM_NAME_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-])*(?:\s+[^\W\d_](?:[^\W\d_]|['’.\-])*){0,3}")
#: The outlet in a page's script data (portal and self-media platforms): "media": "…", source: '…'.
SCRIPT_SOURCE_RE = re.compile(
    r"(?<![\w-])[\"']?(?:media|media_?name|source|source_?name)[\"']?\s*:\s*[\"'](?P<v>[^\"'<>\\]{2,30})[\"']", re.IGNORECASE
)
#: Organisation endings that make an unlabelled info-line name an outlet ("南方都市报", "新华社").
OUTLET_ENDINGS: tuple[str, ...] = ("社", "报", "報", "网", "網", "台")
#: ``<meta>`` names carrying the author and the source.
AUTHOR_META: tuple[str, ...] = (
    "author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author", "citation_author", "twitter:creator",
)
SOURCE_META: tuple[str, ...] = ("source", "article:source", "og:source", "mediaid", "media")

# ---------------------------------------------------------------------------------------------------
# Reading a names value and a source value
# ---------------------------------------------------------------------------------------------------

#: "张三和李四": two names joined by a conjunction.
CJK_CONJUNCTION_RE = re.compile(r"[和与及]")
#: "Recipe by PJ Hamel": the names follow the "by".
LATIN_BY_RE = re.compile(r"\bby\s+", re.IGNORECASE)
BY_PREFIX_RE = re.compile(r"^by\s+", re.IGNORECASE)
#: "…, DVM. Reviewed by …": a second credit ends the authors.
LATIN_OTHER_CREDIT_RE = re.compile(r"\s(?:reviewed|edited|fact-checked|updated|photos?|illustrations?)\b", re.IGNORECASE)
LATIN_NAMES_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|/|、)\s*", re.IGNORECASE)
#: A 来源 value ends at a wide gap or a bar, before a date or before the next "标签："
#: A 来源 value naming a platform account in quotes ("微信公众号“科技日报”", "头条号《南方周末》"): the account.
PLATFORM_ACCOUNT_RE = re.compile(
    r"^(?:微信公众号|公众号|微信号|微信|头条号|百家号|企鹅号|搜狐号|网易号|大鱼号|一点号|微博|抖音号|抖音|快手号)\s*[:：]?\s*"
    r"[“\"「『《]([^”\"」』》]{2,30})(?:[”\"」』》]|$)"
)
SOURCE_VALUE_SPLIT_RE = re.compile(r"\s{2,}|[|丨]")
SOURCE_VALUE_END_RE = re.compile(r"\s(?=\d{2,4}[-/.年])|\s(?=[\u4e00-\u9fff]{1,6}[:：])")
#: A parenthesised note closing a 来源 value ("新华社（北京）", "中新网(上海)"), unclosed when cut short.
SOURCE_PLACE_NOTE_RE = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])\s*[(（](?P<note>[^()（）]{1,30})(?:[)）]|$)")
#: "图片记者黎旭阳、李妍摄": a photo credit, not the article's authors.
PHOTO_CREDIT_PREFIX_RE = re.compile(r"(?:图片|圖片|摄影|攝影|摄像|图)$")
PHOTO_CREDIT_SUFFIX_RE = re.compile(r"(?:摄|攝|摄影|攝影)$")
#: Sentence punctuation: a line holding it is prose, not a credit line.
SENTENCE_END_RE = re.compile(r"[。！？!?]")

# ---------------------------------------------------------------------------------------------------
# What an unlabelled name must look like, and what is never a name
# ---------------------------------------------------------------------------------------------------

#: Common Chinese family names (simplified and traditional forms). A name printed without a label ("胡平"
#: alone under a headline) is only taken for a person when it starts with one (or a compound surname).
CN_SURNAMES: frozenset[str] = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
    "单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴"
    "盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊母裘亓修邰赫杭况那宿"
    "鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由风殳"
    "張劉陳楊黃趙吳許韓馮鄧蕭曹彭曾董袁潘蔣蔡葉蘇魏呂盧崔鍾譚陸賈韋鄒閆閻龍賀顧郝龔萬錢嚴湯溫樊齊喬龐顏莊"
    "聶鄭羅謝歐關蘭焦俞寧單紀裴霍涂盛翁駱藍遊靳鮑華饒艾時穆農簡車項連蘆麥婁竇戚岑費衛宮臧閔鄔邊師欒隋榮鞏"
    "鄺譚鄢勞諶蔺樓滿聞厲區闞權帥練廉鹿雍諸戰銀湛宾嚴黎楊陶"
)
#: Words of page furniture that a careless parse would read as a two- to four-character name.
NAV_WORDS: frozenset[str] = frozenset(
    {
        "首页", "导航", "登录", "注册", "退出", "联系", "统计", "返回", "更多", "搜索", "订阅", "打印", "分享", "收藏",
        "评论", "回复", "点赞", "举报", "投稿", "帮助", "关于", "目录", "栏目", "频道", "专题", "图片", "视频", "直播",
        "排行", "热点", "推荐", "精选", "最新", "热门", "标签", "归档", "分类", "留言", "下载", "上一页", "下一页",
        "上一篇", "下一篇", "全部", "关闭", "顶部", "网站地图", "设为首页", "加入收藏", "联系我们", "关于我们",
        "首頁", "導航", "登錄", "註冊", "聯繫", "搜尋", "訂閱", "分類", "標籤", "熱門", "最新消息", "新闻中心",
        "正文", "本文", "全文", "原文", "查看", "点击", "阅读", "简介", "导读", "摘要", "前言", "编者按", "提要",
    }
)
#: Places are never authors: provinces, big cities, countries, and words ending like a place.
PLACE_NAMES: frozenset[str] = frozenset(
    {
        "北京", "上海", "天津", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
        "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
        "台湾", "內蒙古", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门", "深圳", "广州", "杭州", "南京",
        "武汉", "成都", "西安", "苏州", "厦门", "青岛", "大连", "宁波", "长沙", "郑州", "济南", "沈阳", "哈尔滨",
        "长春", "昆明", "福州", "合肥", "南昌", "贵阳", "南宁", "兰州", "太原", "石家庄", "呼和浩特", "乌鲁木齐",
        "拉萨", "银川", "西宁", "海口", "三亚", "无锡", "东莞", "佛山", "温州", "珠海", "汕头", "烟台", "徐州",
        "台北", "高雄", "台中", "台南", "桃园", "新竹", "基隆", "嘉义", "臺北", "臺中", "臺南", "桃園", "澳門",
        "中国", "美国", "日本", "英国", "法国", "德国", "韩国", "俄罗斯", "印度", "加拿大", "澳大利亚", "新加坡",
        "中國", "美國", "英國", "法國", "德國", "韓國", "全国", "全國", "海外", "国际", "國際", "国内", "國內",
    }
)
PLACE_SUFFIXES: tuple[str, ...] = ("省", "市", "县", "縣", "区", "區", "镇", "鎮", "乡", "鄉", "街道", "自治区", "特区")
#: Separators of several unlabelled names printed on one line ("赵延东、风笑天").
NAMES_LINE_SPLIT_RE = re.compile(r"\s*[、，,/／;；]\s*|\s+")
#: Words of a blog's or forum's post header around the user and the date ("admin 发表于 …", "Posted by …").
POST_HEADER_WORDS_RE = re.compile(
    r"发表于|发布于|發表於|發佈於|发表时间|發表時間|楼主|樓主|posted\s+(?:by|on|at)|published\s+by|\b(?:by|on|at)\b",
    re.IGNORECASE,
)
#: Words that make a Latin "First Last" run an organisation, a section or page furniture, not a person.
LATIN_OUTLET_WORDS: frozenset[str] = frozenset(
    {
        "news", "online", "times", "daily", "post", "press", "media", "radio", "tv", "journal", "magazine", "blog",
        "gazette", "gazeta", "network", "agency", "agencia", "group", "inc", "llc", "ltd", "company", "university",
        "college", "school", "team", "staff", "editors", "editorial", "digital", "tribune", "herald", "weekly",
        "review", "report", "reports", "channel", "center", "centre", "institute", "foundation", "association",
        "council", "department", "office", "service", "services", "desk", "contributor", "contributors", "writer",
        "updated", "published", "posted", "last", "app", "name", "world", "today", "live", "official", "store",
        "shop", "official", "studio", "labs", "lab", "solutions", "technologies", "systems", "insights", "guide",
    }
)
#: Explicit post-header words: a Latin user name beside a date is taken only after one of these.
POST_HEADER_RE = re.compile(r"发表于|发布于|發表於|發佈於|楼主|樓主|posted\s+by", re.IGNORECASE)
#: The separators of an explicit list of names ("赵延东、风笑天", "张三，李四").
NAMES_LIST_SEP_RE = re.compile(r"[、，,/／;；]")
