"""Deterministic text generation for the demo sites.

Every sentence here is original writing for this project: hand-written Chinese and
English sentence templates whose slots are filled with fictional places, companies,
people and numbers drawn from a seeded :class:`random.Random`. Each template carries at
least one slot that varies per use (a number or a name), so two different stories
practically never share sentences, while one story generated from one seed is always the
same text.

Only characters inside GBK are used, so the GBK-encoded portal can carry all of it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

# --------------------------------------------------------------------------- name pools

ZH_SURNAMES = (
    "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 "
    "彭 曾 肖 田 董 袁 潘 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 "
    "廖 贾 夏 韦 方 白 邹 孟 熊 秦 邱 江 尹 薛 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 严 武 "
    "戴 莫 孔 向 汤 欧阳 司马 上官"
).split()

ZH_GIVEN = (
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 玉 萍 红 玲 芬 燕 "
    "彬 鹏 辉 斌 宇 浩 凯 健 俊 帆 旭 宁 婷 雪 琳 晨 欣 悦 佳 怡 思 雨 梓 涵 轩 博 文 嘉 琪 "
    "子 一 若 言 慧 德 志 海 清 远 川 岚 舟 禾 墨 川 昊 然 瑶 璐 蕾 峰 岩 松 柏 亮 中 立 诚 "
    "卫 国 兴 荣 安 泽 楠 航 越 毅 骏 锋 菲 薇 倩 颖 凡 洁 钰 恒 晖"
).split()

ZH_CITIES = (
    "海滨市", "青岚市", "云泽市", "临溪市", "白鹭湾市", "北辰市", "南屿市", "东澜市",
    "西岭市", "金沙湾市", "翠屏市", "鹿鸣市", "枫桥市", "石湾市", "望潮市", "雁回市",
)
ZH_DISTRICTS = (
    "新港区", "东湖区", "高新区", "滨江区", "老城区", "北苑区", "南湾区", "西郊区",
    "临港新区", "桃源区", "清河区", "明珠区",
)
ZH_STREETS = (
    "解放路", "滨海大道", "人民路", "青年街", "梧桐巷", "建设路", "长堤路", "文昌街",
    "望江路", "花港路", "丰收街", "新华路",
)
ZH_COMPANIES = (
    "星河智造", "蓝鲸数科", "启明新能源", "远帆物流", "青禾农业", "云杉医疗", "海岳重工",
    "锦程文旅", "拓石材料", "明澈水务", "安澜电子", "盛禾食品", "长风航运", "曜石科技",
    "百川环保", "鸿渐教育", "松果传媒", "沐光照明",
)
ZH_COMPANY_SUFFIXES = ("公司", "集团", "股份公司", "有限公司")
ZH_ORGS = (
    "市发展和改革委员会", "市交通运输局", "区教育局", "市卫生健康委员会", "市文化和旅游局",
    "市生态环境局", "市统计局", "市农业农村局", "街道办事处", "市住房和城乡建设局",
    "市市场监督管理局", "市应急管理局",
)
ZH_TOPICS = (
    "新能源汽车", "智慧农业", "城市更新", "文旅融合", "跨境电商", "医疗服务", "职业教育",
    "生态保护", "港口物流", "数字经济", "养老服务", "海洋渔业", "低空经济", "社区治理",
)
ZH_PROJECTS = (
    "产业园", "城市综合体", "示范区", "物流枢纽", "研发中心", "滨水公园", "文化街区",
    "保障性住房小区", "社区服务中心", "体育公园", "污水处理厂", "创业孵化基地",
)
ZH_PRODUCTS = (
    "储能电池", "智能传感器", "冷链设备", "医用耗材", "预制菜", "无人机", "光伏组件",
    "环保板材", "智能家电", "工业机器人",
)
ZH_ROLES = (
    "负责人", "总经理", "副局长", "项目经理", "研究员", "社区书记", "技术总监",
    "车间主任", "志愿者", "驻村干部",
)
ZH_OUTLETS = ("东澜晚报", "青岚商报", "云泽都市报", "南屿新闻网", "北辰广播电视台")
ZH_POSTERS = ("小编", "admin", "资讯小编", "编辑部", "站长", "网站编辑")

EN_FIRST = (
    "Jane", "John", "Maya", "Oliver", "Priya", "Tom", "Elena", "Marcus", "Hannah", "Daniel",
    "Grace", "Leo", "Nora", "Samuel", "Iris", "Felix", "Ruth", "Owen", "Clara", "Theo",
)
EN_LAST = (
    "Doe", "Roe", "Whitfield", "Okafor", "Lindqvist", "Marsh", "Calloway", "Brennan",
    "Harlow", "Ashby", "Pennington", "Vance", "Moreau", "Tanaka", "Quill", "Fairbanks",
    "Oduya", "Castellan",
)
EN_TOWNS = (
    "Millbrook", "Harrow Bay", "Eastfield", "Port Elling", "Ashford Vale", "Larkspur",
    "Willowmere", "Stonebridge", "Kestrel Point", "Brambleton", "Fenwick Hollow", "Oakhaven",
)
EN_PLACES = (
    "the riverside path", "the old library", "the corner bakery", "the community garden",
    "the ferry dock", "the hardware store", "the night market", "the railway museum",
    "the hill trail", "the public pool", "the repair cafe", "the farmers market",
)
EN_HOBBIES = (
    "sourdough baking", "birdwatching", "bike commuting", "container gardening",
    "film photography", "trail running", "bookbinding", "home composting",
    "amateur astronomy", "woodworking", "fermenting vegetables", "sketching outdoors",
)
EN_THINGS = (
    "a secondhand tent", "a cast iron pan", "a folding bike", "a rain barrel",
    "a paper notebook", "a tomato seedling", "a borrowed telescope", "a hand plane",
    "a thermos of tea", "a map from 1974",
)
EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# --------------------------------------------------------------------------- templates
# Slots: fixed per story ({city} {district} {company} {org} {topic} {project} {product}
# {street} {person} {person2}) or drawn per use (numbers, {role}, {topic2}).

ZH_SENTENCES = (
    "记者从{org}获悉，{city}{district}今年以来已累计推进{topic}相关项目{n}个，总投资约{big}亿元。",
    "据{company}{role}{person}介绍，项目一期预计在{month}月底前完成主体施工，届时可新增就业岗位{count}个。",
    "{person}告诉记者，过去一年里，他们走访了{n}个社区，收集到的意见建议超过{count}条。",
    "数据显示，{month}月份{city}{topic}领域的营业收入同比增长{pct}，增速比上月加快{small}个百分点。",
    "在{district}的{project}现场，{n}台大型机械正在同时作业，工人们分成{small}个班组轮流施工。",
    "“我们最关心的是后续的运营和维护。”{role}{person2}说，目前已经制定了{n}项具体措施。",
    "按照计划，{city}将在{year}年底前建成{n}个{project}，覆盖常住人口约{big}万人。",
    "{org}相关负责人表示，下一步将围绕{topic}出台{small}项配套政策，重点解决企业融资难、用地紧等问题。",
    "截至{month}月{day}日，{company}已与{n}家上下游企业签订合作协议，合同金额合计{big}亿元。",
    "不少市民反映，{street}一带在早晚高峰时段拥堵明显，平均通行时间超过{n}分钟。",
    "针对这一情况，{district}交通部门新增了{small}处临时停车点，并对{n}个路口的信号灯配时进行了优化。",
    "{person}是土生土长的{city}人，从事{topic}工作已有{small}年，见证了这个行业的起起落落。",
    "在当天举行的签约仪式上，共有{n}个项目集中签约，涉及{topic}、{topic2}等多个领域。",
    "业内人士分析认为，{topic}市场在未来{small}年内仍将保持较快增长，年均增幅有望达到{pct}。",
    "记者注意到，{project}周边已陆续开设了{n}家便民商铺，配套设施正在逐步完善。",
    "为保障活动顺利进行，主办方共招募志愿者{count}名，在{street}沿线设置服务点{n}个。",
    "今年{month}月，{city}启动了为期{n}天的专项检查行动，共排查各类隐患{count}处。",
    "{company}在{district}投资建设的{product}生产线已进入设备调试阶段，设计年产能为{count}万件。",
    "据测算，项目全部建成投用后，每年可为当地带来税收约{big}亿元，带动周边{n}个村集体增收。",
    "{role}{person}坦言，刚开始推进时遇到不少困难，仅前期协调会就开了{n}次。",
    "在{district}某小区，{small}位老人正在新改造的活动室里下棋聊天，这里的面积比过去扩大了{n}平方米。",
    "根据{org}发布的通报，{month}月全市空气质量优良天数为{n}天，优良率达到{pct}。",
    "该负责人还提醒，市民如遇到相关问题，可以拨打热线电话{phone}进行咨询或投诉。",
    "从{year2}年开始，{company}每年拿出营业收入的{pct}用于研发，目前已获得授权专利{count}项。",
    "{person2}所在的团队由{n}名成员组成，平均年龄只有{age}岁。",
    "据了解，{topic}专项资金今年安排了{big}亿元，比上年增加{pct}，主要用于基础设施和人才引进。",
    "活动现场人头攒动，{n}个展位前都排起了长队，前来咨询的群众超过{count}人次。",
    "“以前办这件事要跑{small}个部门，现在在手机上{n}分钟就能搞定。”市民{person2}感慨地说。",
    "{city}气象台预计，未来{small}天当地将出现持续降雨天气，累计降雨量可达{n}毫米。",
    "受此影响，{district}部分低洼路段可能出现积水，相关部门已提前调配抽水设备{n}台。",
    "{org}指出，将把{topic}纳入年度重点考核内容，对排名靠后的{small}个单位进行约谈。",
    "当天上午，{company}的{n}名员工自发来到{project}，参与环境清理和设施维护。",
    "统计显示，前{month}个月{city}共接待游客{big}万人次，实现旅游收入{big2}亿元。",
    "在{street}经营小吃店的{person2}说，最近客流量比去年同期多了大约{pct}，生意明显好转。",
    "专家建议，{city}应当在{year}年内加快完善{topic}的地方标准，避免出现低水平重复建设。",
    "该项目占地约{n}亩，总建筑面积{count}平方米，分为{small}个功能区。",
    "{person}表示，下一步将继续加大投入，力争在{year3}年实现产值突破{big}亿元。",
    "为了让更多群众受益，{district}将{project}的开放时间延长至晚上{evening}点，周末照常开放。",
    "记者在现场看到，{n}名工作人员正在对{product}进行逐一检测，合格后才能出厂。",
    "目前，{city}已有{n}所学校开设了与{topic}相关的课程，参与学生超过{count}人。",
    "{org}工作人员介绍，今年共收到群众来信来电{count}件，办结率达到{pct}。",
    "据{company}提供的数据，该公司第{q}季度实现营收{big}亿元，净利润同比增长{pct}。",
    "由于原材料价格波动，{city}部分中小企业的利润空间被压缩了{pct}左右。",
    "{city}还计划新建和改造城市绿道{n}公里，串联起{small}个公园和{n2}处历史街区。",
    "在{person}看来，{topic}要想走得长远，关键还是要留住人才，今年团队就新招了{n}名毕业生。",
    "值得一提的是，这是{city}第{small}次承办此类规模的活动，参会人数达到{count}人。",
    "{district}{project}项目于{year2}年{month}月正式开工，计划工期{n}个月。",
    "据悉，首批{n}户居民已经拿到了新房钥匙，其余住户预计在{month}月前完成交付。",
    "在随后的座谈会上，{n}位企业代表先后发言，围绕用工、用地和物流成本等问题提出建议。",
    "{org}表示，将对上述{n}起典型案例进行公开通报，并督促相关单位在{small}个月内完成整改。",
    "{person2}每天早上{morning}点就到岗，一直忙到傍晚，{small}年来几乎没有休过完整的假期。",
    "今年以来，{city}新登记市场主体{count}户，其中与{topic}相关的企业占比约为{pct}。",
    "{company}的展台吸引了不少观众驻足，展出的{n}款{product}均为自主研发。",
    "从{street}到{project}，原本需要{n}分钟的路程，如今开车只需{small}分钟左右。",
    "该负责人透露，相关试点经验将在全市{n}个街道逐步推广，预计惠及{big}万户家庭。",
    "不过，也有居民对此提出担忧，认为{district}的停车位缺口仍有{count}个左右。",
    "对此，{org}回应称，已将此事列入今年{n}件民生实事之一，争取在{month}月前解决。",
    "记者了解到，{company}计划在未来{small}年内再投入{big}亿元，用于扩大{product}的生产规模。",
    "在{city}郊外的一处种植基地，{n}个大棚里的蔬菜长势良好，每天可供应市场约{count}公斤。",
    "{person2}说，村里成立合作社后，每户每年平均能增收{count}元。",
    "据{org}统计，{topic}领域今年已举办专题培训{n}场，累计培训从业人员{count}人次。",
    "“这{small}年我们一直在摸索，走了不少弯路。”{person}回忆说，最困难的时候账上只剩下{n}万元。",
)

ZH_TITLES = (
    "{city}{district}{project}项目正式开工 总投资{big}亿元",
    "{city}出台{small}项措施支持{topic}发展",
    "{company}第{q}季度营收增长{pct}",
    "{city}前{month}个月接待游客{big}万人次",
    "{district}新增{n}处停车点 缓解早晚高峰拥堵",
    "记者走访：{city}{topic}产业的{n}个新变化",
    "{person}：在{topic}一线坚守{small}年",
    "{city}{n}所学校开设{topic}课程",
    "{org}通报{n}起典型案例",
    "{city}将建成{n}个{project} 覆盖约{big}万人",
    "{company}与{n}家企业签约 {topic}产业链加速成形",
    "未来{small}天{city}持续降雨 {district}提前部署防汛",
    "{city}{topic}专项资金增至{big}亿元",
    "{district}旧改完成{count}户 居民喜迁新居",
    "{city}开展为期{n}天的专项检查 排查隐患{count}处",
    "{topic}人才缺口明显 {city}多举措引才留才",
    "{company}{product}新生产线投产 年产能达{count}万件",
    "{city}新增绿道{n}公里 串联{small}个公园",
)

EN_SENTENCES = (
    "I spent {n} mornings at {place} in {town} this month, mostly watching how people start their day.",
    "The first attempt at {hobby} took me {n} hours and ended with flour on the ceiling.",
    "{person} told me that {place} used to close at {hour} o'clock until about {n} years ago.",
    "By week {small}, the routine felt less like a chore and more like a small ritual.",
    "I bought {thing} for {price} dollars, which felt expensive until I used it {n} times.",
    "On {weekday} the weather turned, so I moved everything indoors and lost about {small} days of progress.",
    "A neighbor counted {n} different birds from her porch, which beat my own list by {small}.",
    "The local council has promised {n} new benches along {place}, though none have appeared yet.",
    "My notes from that {weekday} are short: cold hands, {n} photos, one good idea.",
    "{person} has been doing {hobby} for {small} decades and still keeps a paper logbook.",
    "It costs roughly {price} dollars a month, less than a single dinner out in {town}.",
    "There were {n} people at the meetup, twice as many as the organizers had chairs for.",
    "The trick, it turns out, is patience: wait {small} more minutes than feels reasonable.",
    "I measured it twice and still got it wrong by {n} millimeters.",
    "Around {hour} in the evening, {place} goes quiet and you can hear the river again.",
    "After {n} tries I finally understood why the instructions said to rest the dough.",
    "{person} lent me {thing} and a stack of {n} old magazines about {hobby}.",
    "The library in {town} runs a free workshop every {weekday}, limited to {n} seats.",
    "If you only try one thing this season, walk to {place} before {hour} a.m. at least once.",
    "I kept a tally for {n} days; the honest number of good sessions was {small}.",
    "The repair took {small} evenings and a replacement part that cost {price} dollars.",
    "Prices at {place} went up by about {small} dollars since spring, and people noticed.",
    "Somebody had left {thing} on the bench with a note that said it was free to borrow.",
    "By the end of month {small}, I had filled {n} pages of the notebook with sketches and lists.",
    "{person} laughed when I asked for a shortcut and said there were {small} of them, all bad.",
    "The bus from {town} runs every {n} minutes on weekdays, which is better than I expected.",
    "My plan for the next {n} weeks is simple: fewer tools, more practice, and earlier nights.",
    "A reader from {town} wrote in to say that the trail near {place} reopened after {n} days of repairs.",
    "I underestimated the cost by about {pctn} percent, mostly because of small things like tape.",
    "The best advice came from {person}, who said to write down one thing that went well each day.",
    "We met at {place} at {hour} sharp, {n} of us in total, and nobody was late.",
    "It took {small} weekends to clear the shed, and I found {thing} that I had forgotten about.",
    "Apparently {pctn} percent of the plots in the community garden changed hands this year.",
    "I wrote this post over {small} evenings with {thing} next to the keyboard.",
    "The group chat about {hobby} in {town} now has {count} members, up from a dozen last year.",
    "On the walk home I counted {n} houses with new solar panels on the roof.",
)

EN_TITLES = (
    "What {n} Weeks of {Hobby} Taught Me",
    "Notes from {Place} in {town}",
    "A Slow Guide to {town} on a {weekday}",
    "Why I Kept Going with {Hobby} After {n} Failures",
    "{n} Small Lessons from {Place}",
    "The Case for {Thing}",
    "A Year of {Hobby}: Month {small}",
    "Walking to {Place} Before {hour} a.m.",
    "What {person} Taught Me About {Hobby}",
    "Repairing {Thing} in {small} Evenings",
)

ZH_COMMENTS = (
    "写得很实在，希望后续能继续跟进报道。",
    "我们小区也有类似情况，期待早日解决。",
    "数据很详细，收藏了。",
    "家门口的变化确实看得见，点赞。",
    "希望相关部门多听听群众的意见。",
    "去年去过一次，今年打算再去看看。",
)
EN_COMMENTS = (
    "This was a lovely read, thank you for writing it down.",
    "I tried the same thing last spring and gave up too early. Maybe again this year.",
    "Great tip about going early. The light there is unreal.",
    "Do you have a link to the workshop schedule?",
    "Saving this for the weekend.",
)

# --------------------------------------------------------------------------- slot fillers

_NUMERIC: dict[str, Callable[[random.Random], str]] = {
    "n": lambda r: str(r.randint(3, 96)),
    "n2": lambda r: str(r.randint(2, 40)),
    "small": lambda r: str(r.randint(2, 9)),
    "count": lambda r: str(r.randint(120, 9800)),
    "big": lambda r: f"{r.randint(12, 980) / 10:.1f}",
    "big2": lambda r: f"{r.randint(30, 2400) / 10:.1f}",
    "pct": lambda r: f"{r.randint(15, 480) / 10:.1f}%",
    "month": lambda r: str(r.randint(1, 12)),
    "day": lambda r: str(r.randint(1, 28)),
    "q": lambda r: "一二三四"[r.randrange(4)],
    "age": lambda r: str(r.randint(24, 38)),
    "morning": lambda r: str(r.randint(5, 8)),
    "evening": lambda r: str(r.randint(8, 10)),
    "phone": lambda r: f"0{r.randint(510, 799)}-{r.randint(2000000, 8999999)}",
    "hour": lambda r: str(r.randint(5, 11)),
    "price": lambda r: str(r.randint(4, 260)),
    "pctn": lambda r: str(r.randint(5, 60)),
    "role": lambda r: r.choice(ZH_ROLES),
    "topic2": lambda r: r.choice(ZH_TOPICS),
}


class _Slots(dict):
    """A format_map mapping: fixed story slots are stored, numeric slots are drawn per use."""

    def __init__(self, rng: random.Random, fixed: dict[str, str]) -> None:
        super().__init__(fixed)
        self._rng = rng

    def __missing__(self, key: str) -> str:
        return _NUMERIC[key](self._rng)


def zh_name(rng: random.Random) -> str:
    """A 2–3 character fictional Chinese name (surname + one or two given characters)."""
    surname = rng.choice(ZH_SURNAMES)
    if len(surname) == 2:  # compound surnames take a single given character: 3 characters
        return surname + rng.choice(ZH_GIVEN)
    given = rng.choice(ZH_GIVEN)
    if rng.random() < 0.6:
        given += rng.choice(ZH_GIVEN)
    return surname + given


def en_name(rng: random.Random) -> str:
    """A fictional English first + last name."""
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


def _paragraphs(
    rng: random.Random, pool: tuple[str, ...], slots: _Slots, joiner: str, max_sentences: int
) -> list[str]:
    """5–15 paragraphs of 40–200 characters, no template used twice within one story."""
    order = list(range(len(pool)))
    rng.shuffle(order)
    count = rng.randint(5, 15)
    paragraphs: list[str] = []
    pos = 0
    for _ in range(count):
        target = rng.randint(50, 170)
        text = ""
        sentences = 0
        while sentences < max_sentences:
            sentence = pool[order[pos % len(order)]].format_map(slots)
            candidate = text + joiner + sentence if text else sentence
            if len(candidate) > 200:
                if len(text) >= 40:
                    break
                pos += 1  # too long to join: try the next template instead
                continue
            pos += 1
            text = candidate
            sentences += 1
            if len(text) >= target:
                break
        paragraphs.append(text)
    return paragraphs


class StoryText:
    """The true text of one original article, generated from a seed key.

    The title is drawn eagerly (cheap, and needed for slugs and listings); the body
    paragraphs are drawn on first access, because a benchmark world holds thousands of
    stories and most are never rendered. Reposts share one instance, so every copy of a
    story has the very same paragraphs.
    """

    __slots__ = ("key", "language", "title", "_paragraphs")

    def __init__(self, key: str, language: str = "zh") -> None:
        self.key = key
        self.language = language
        self.title = self._title(*self._start())
        self._paragraphs: tuple[str, ...] | None = None

    @property
    def paragraphs(self) -> tuple[str, ...]:
        if self._paragraphs is None:
            rng, slots = self._start()
            self._title(rng, slots)  # replay the title draw so the body continues the same sequence
            if self.language == "zh":
                body = _paragraphs(rng, ZH_SENTENCES, slots, "", 5)
            else:
                body = _paragraphs(rng, EN_SENTENCES, slots, " ", 2)
            self._paragraphs = tuple(body)
        return self._paragraphs

    def _start(self) -> tuple[random.Random, _Slots]:
        rng = random.Random(self.key)
        fixed = _zh_fixed(rng) if self.language == "zh" else _en_fixed(rng)
        return rng, _Slots(rng, fixed)

    def _title(self, rng: random.Random, slots: _Slots) -> str:
        pool = ZH_TITLES if self.language == "zh" else EN_TITLES
        return rng.choice(pool).format_map(slots)


def _zh_fixed(rng: random.Random) -> dict[str, str]:
    """The slots one Chinese story keeps throughout: its place, actors and topic."""
    return {
        "city": rng.choice(ZH_CITIES),
        "district": rng.choice(ZH_DISTRICTS),
        "street": rng.choice(ZH_STREETS),
        "company": rng.choice(ZH_COMPANIES) + rng.choice(ZH_COMPANY_SUFFIXES),
        "org": rng.choice(ZH_ORGS),
        "topic": rng.choice(ZH_TOPICS),
        "project": rng.choice(ZH_PROJECTS),
        "product": rng.choice(ZH_PRODUCTS),
        "person": zh_name(rng),
        "person2": zh_name(rng),
        "year": str(rng.randint(2025, 2027)),
        "year2": str(rng.randint(2016, 2023)),
        "year3": str(rng.randint(2026, 2030)),
    }


def _en_fixed(rng: random.Random) -> dict[str, str]:
    """The slots one English post keeps throughout."""
    place = rng.choice(EN_PLACES)
    hobby = rng.choice(EN_HOBBIES)
    thing = rng.choice(EN_THINGS)
    return {
        "town": rng.choice(EN_TOWNS),
        "place": place,
        "Place": _title_case(place.removeprefix("the ")),
        "hobby": hobby,
        "Hobby": _title_case(hobby),
        "thing": thing,
        "Thing": _title_case(thing.split(" ", 1)[1]),
        "person": rng.choice(EN_FIRST),
        "weekday": rng.choice(EN_WEEKDAYS),
    }


def _title_case(text: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in text.split())


def slugify(title: str) -> str:
    """A URL slug from an English title: lowercase words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].rstrip("-")


#: Sentences a repost site writes in place of one of the original's (our own wording).
ZH_REWORDINGS = (
    "据了解，相关部门已就此事开展了专项调研。",
    "记者在现场了解到，各项工作正在有序推进。",
    "业内人士表示，这一做法值得其他地区借鉴。",
    "有市民在接受采访时说，希望这样的变化能够持续下去。",
)


class EditedText:
    """A repost's text: the original's paragraphs with one sentence rewritten, as farms do.

    Lazy like :class:`StoryText`; ``which`` picks the paragraph and the new sentence.
    """

    __slots__ = ("_text", "_which")

    def __init__(self, text: StoryText, which: int) -> None:
        self._text = text
        self._which = which

    @property
    def title(self) -> str:
        return self._text.title

    @property
    def paragraphs(self) -> tuple[str, ...]:
        paragraphs = list(self._text.paragraphs)
        index = self._which % len(paragraphs)
        head, sep, rest = paragraphs[index].partition("。")
        if sep and rest:  # replace the first sentence; keep the rest of the paragraph
            paragraphs[index] = ZH_REWORDINGS[self._which % len(ZH_REWORDINGS)] + rest
        return tuple(paragraphs)
