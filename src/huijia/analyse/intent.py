"""Speech-act cues: who is speaking about whose child, and whether they offer, seek or report.

The lexicon says which words a post has; these patterns say what the post does with them. A parent who
offers speaks of *their own* child and of a home for it (我家宝宝…想给孩子找个好人家, "I have a
one-month-old"); a buyer wants a child for themselves (想领养一个男宝, "looking to adopt a baby"); a news,
court or police text tells of a sale in the third person and the past (以3万元卖给, "was arrested",
"sold the baby for"); a parent asking a doctor asks about symptoms and care (怎么办, 能吃吗, "is it
normal"). Each match becomes a `Cue` of its own category, so the label model learns how much each
act weighs, and the reviewer sees the words.

Patterns run only on texts that passed the gate, on the folded text (simplified, lower case).
"""

from __future__ import annotations

import re

from huijia.analyse.cues import HAN, LATIN_LETTER, Cue

_CHILD_NOUNS_ZH = "孩子|宝宝|宝贝|小孩|男宝|女宝|男孩|女孩|儿子|女儿|儿女|婴儿|男婴|女婴|闺女|娃|小宝|宝"
_CHILD_NOUN_ZH = rf"(?:{_CHILD_NOUNS_ZH})"  # a child word, not a pronoun
_CHILD_ZH = rf"(?:{_CHILD_NOUNS_ZH}|他|她)"
_CHILD_EN = r"(?:baby|babies|son|daughter|child|kid|newborn|infant|boy|girl|twins|little one)"
# The unborn child's sex as a doctor told it ("doctor said it is a girl"): how offers tell it, not care or
# reporting
_SEX_TOLD = r" (?:it|she|he)(?:'s| is| was| will be) a (?:boy|girl)"
# A parent's own child ("buy my daughter a bike"): never the child a buyer wants
_OWN = r"(?:my|our|his|her|their) "
# The "were" of a wish or a likeness ("if I were you", "as though she were their own", "I wish they were"),
# which tells of nothing past: one lookbehind for each way of saying it, for `re` wants them of fixed width
_IRREALIS = "".join(
    rf"(?<!\b{word} {person} )"
    for word in ("if", "though", "wish", "wished", "only")
    for person in ("i", "she", "he", "it", "we", "you", "they")
)
_AGE_EN = r"(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ](?:day|week|month|year)s?[- ]old"

# Goods for a child: what a child word names when a goods noun follows it ("the baby stroller", "my baby
# car seat", "Girl bike for sale", "Spice Girls tickets for sale") — whom the goods are for, not a child.
_GOODS_NOUN = (
    r"(?:bikes?|bicycles?|scooters?|jeans|dress(?:es)?|shirts?|t-shirts?|jackets?|coats?|boots|sandals|shoes"
    r"|sneakers|pajamas|pyjamas|costumes?|uniforms?|tickets?|swimsuits?|hoodies?|socks|hats?|helmets?"
    r"|backpacks?|bags?|clothes|clothing|toys?|books?|strollers?|prams?|cribs?|cots?|beds?|car seats?|seats?"
    r"|carriers?|monitors?|walkers?|swings?|bottles?|tubs?|gates?|items?|stuff|gear|furniture|dolls?|games?"
    r"|formula|wipes|food|bouncers?|bassinets?|playpens?|high ?chairs?|blankets?|onesies|rockers?|slings?)"
)
# a child word naming an animal's young ("my baby bunnies", "our baby goats") is no child either
_YOUNG_ANIMAL = (
    r"(?:bunn(?:y|ies)|rabbits?|puppy|puppies|kittens?|chicks?|ducklings?|goats?|lambs?|piglets?|birds?|hamsters?"
    r"|guinea pigs?|turtles?|ferrets?)"
)
_NOT_GOODS = rf"(?! (?:bath |play )?(?:{_GOODS_NOUN}|{_YOUNG_ANIMAL})\b)"
# the words that may stand between "sell my" and the child: an age or a word of its looks and health
# ("sell our three-month-old daughter", "sell my newborn baby boy"), not any word ("selling my truck
# before baby arrives")
_BEFORE_CHILD_EN = (
    r"(?:new[- ]?born|first[- ]born|little|healthy|baby|infant|unborn|beautiful|lovely|precious|only|young"
    r"|sweet|own|twin|youngest|eldest|oldest|unwanted|sick|premature|\d+(?:st|nd|rd|th)"
    r"|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?:[- ]?(?:day|week|month|year|wk|mo|yr)s?(?:[- ]old)?)?|[a-z]+-(?:day|week|month|year)s?-old)"
)

# what a seller says they will do once a buyer decides ("…, we'll send people", "…, I will bring her")
_SELLER_WILL = r"(?:we|i)(?:['’]ll| will| can| shall)\b"

# Goods for a child put up for sale ("Boys size 8 jeans for sale $10"): the sale is of the goods. After
# "for sale" ("For sale: baby shoes, never worn"), only goods that are never sold with a child ("for sale:
# baby boy gear included, 3 weeks old" offers the child), and not "… included" or "… and all"
_CHILDS = rf"{_CHILD_EN}(?:s|ren)?(?:'s|s'|')? (?:size \d+ )?(?:[a-z]+ )?"
_AFTER_SALE_GOODS = (
    r"(?:bikes?|bicycles?|scooters?|jeans|dress(?:es)?|shirts?|t-shirts?|jackets?|coats?|boots|sandals|shoes"
    r"|sneakers|pajamas|pyjamas|costumes?|uniforms?|swimsuits?|hoodies?|socks|hats?|helmets?|backpacks?"
    r"|clothes|clothing|toys?|books?|strollers?|prams?|cribs?|cots?|car seats?|furniture|dolls?|games?)"
)
_GOODS_FOR_SALE = (
    rf"\b{_CHILDS}{_GOODS_NOUN} (?:for sale|4 ?sale)\b",
    rf"\b(?:for sale|4 ?sale)[\s:.!-]{{1,4}}{_CHILDS}{_AFTER_SALE_GOODS}\b(?! included| and all| come)",
)

PATTERNS: dict[str, tuple[str, ...]] = {
    # goods for a child for sale: the category of the lexicon's goods terms
    "goods": _GOODS_FOR_SALE,
    # a parent's own child, or their own pregnancy
    "own_child": (
        rf"(?:我|俺|本人|自己)(?:家|的|生的|刚生的|亲生的)?{_CHILD_ZH}",
        r"我亲生|我生的|亲生骨肉",
        rf"(?:我|俺|本人)(?:这|这边|这里)?(?:有|还有|刚生了|生了)(?:一个|个|一|两个|1个)?.{{0,6}}?{_CHILD_ZH}",
        r"(?:我|本人)(?:现在)?(?:怀孕|怀了|有一个|有个|有一|生了|刚生)",
        # up to three words of age, order or looks between ("my 2 month old baby girl", "our youngest son"), not
        # any words ("selling my truck before baby arrives")
        rf"\b(?:my|our) (?:(?:{_BEFORE_CHILD_EN}|first|second|third|fourth|biological|dear|poor) ){{0,3}}{_CHILD_EN}\b",
        rf"\bi (?:have|had) (?:a|an|one|two|twin)\b.{{0,30}}\b(?:{_CHILD_EN}|{_AGE_EN})",
        r"\bi(?:'m| am) (?:\d+ (?:weeks|months) )?pregnant\b",
        r"\bi(?:'m| am)\b.{0,25}\b(?:\d+|one|two|three|four|five|six|seven|eight|nine) (?:weeks|months) pregnant\b",
        r"\b(?:my|i'm|i am) due\b|\b(?:my|our) (?:baby|son|daughter|child) is due\b",
    ),
    # looking for a home or family for a child: the offer of a parent (or a broker)
    "home_for_child": (
        rf"(?:给|为|帮){_CHILD_ZH}?找(?:个|一个|户)?.{{0,6}}(?:家|家庭|人家|父母|爸妈)",
        # — not asking one's parents for something (找父母要钱, 找父母借); a home sought may be 要对她好
        r"找(?:个|一个|户)?(?:好|有缘|合适|安稳|条件好)?的?(?:人家|家庭|父母(?!要|借|拿|讨))",
        # — not a message sent (发送给合适的人)
        r"出养|改家|不想要了|养不起|养不了|无力抚养|(?<!发)送给.{0,4}(?:人|家庭)|给.{0,3}(?:有缘人|好心人)",
        rf"{_CHILD_ZH}送(?:人|给别人|给人家|给好人家|出去)",
        # 现将4岁的儿子送养, 把女儿送给他, 愿将一双儿女转让; 送养一名女宝宝, 无奈送养
        rf"(?:将|把).{{0,8}}{_CHILD_ZH}.{{0,2}}(?:送养|送人|送给|转让|过继)",
        # — but not a question about the law (私下送养孩子犯法吗)
        rf"送养(?:一名|一个|个|我的|一)?.{{0,4}}{_CHILD_ZH}(?!.{{0,6}}(?:犯法|违法|合法|手续|吗|怎么|如何|流程|条件))",
        # 卖婴儿, 卖子救夫 — but not 出卖亲生子女 (a court's words), 卖儿童的价格, 这种卖孩子的 (the one who
        # sells), nor the bride-price jibe 跟卖女儿似的
        r"(?<![买贩拐倒出])卖(?:掉|了)?(?:我的|自己的|亲生)?"
        r"(?:孩子|宝宝|小孩|男宝|女宝|男孩|女孩|儿子|女儿|婴儿|男婴|女婴|闺女|娃|子(?![女弹])|儿(?![童科歌]))"
        r"(?!吗|呢|似的|一样|啊|了吗|的)",
        r"(?:无奈|真心|有偿|诚信|只能|想|打算|决定|愿|准备|急)送养",
        # a count of children on offer: 出售，4个孩子; 转让两个女宝
        r"(?:出售|转让|送养)[,，:：\s]*(?:\d{1,2}|[一二两三四五六七八九十]{1,2})个?(?:孩子|宝宝|小孩|婴儿|男孩|女孩|男宝|女宝|娃)",
        rf"(?:求|希望|请).{{0,8}}(?:领养|收养|抚养)(?:他|她|{_CHILD_ZH})",
        r"\b(?:looking|searching) for (?:a |an )?(?:good |loving |caring |new |kind )*(?:home|family|parents) for (?:my|our|this|the|a|her|his) ",
        rf"\b(?:give|giving|put|putting|place|placing) (?:my|our|this|the) (?:\w+ )?{_CHILD_EN} (?:up|away|for adoption)",
        r"\b(?:give|giving) (?:him|her|them) (?:up|away)\b",
        rf"\b{_CHILD_EN} (?:boy |girl )?(?:for sale|available|up for adoption)\b",
        # "4 children for sale" (not kids: goat kids are sold as kids)
        r"\b(?:children|boys|girls) (?:for sale|up for adoption)\b",
        # up to two words before the child, an age among them ("have to sell our three-month-old daughter"),
        # but not goods for a child ("selling my baby clothes") nor a child's own ("sell my son's bike")
        rf"\b(?:sell|selling) (?:my|our|a|the|this) (?:{_BEFORE_CHILD_EN} ){{0,2}}{_CHILD_EN}\b(?!['’]){_NOT_GOODS}",
        # someone asked to adopt the writer's child ("I would be very happy if someone could adopt my daughter
        # in exchange for 50,000 kyat")
        r"\b(?:someone|anyone|somebody|a (?:\w+ )?(?:family|couple)) (?:to |who (?:can|could|will|would) "
        rf"|(?:can|could|will|would) )?adopt (?:my|our) (?:{_BEFORE_CHILD_EN} ){{0,2}}{_CHILD_EN}\b(?!['’]){_NOT_GOODS}",
        # asking the reader to buy the speaker's child: "please buy my daughter", "would you buy any of our
        # children?" (a buyer says "buy a baby", never "buy my baby")
        # — or bidding it at the head of a sentence or line ("Purchase my children because…", "URGENT: buy my
        # baby now"); not a gift bought for one's child ("please buy my daughter a phone", "buy my son and
        # daughter matching pajamas"): the child ends its clause, or a reason ("so I can pay rent"), a plea or
        # its price follows
        r"(?:\b(?:please|would you|will you|could you|can you|can someone|can anyone|who (?:will|would|wants to)|"
        r"anyone (?:wants? to|willing to)|if (?:someone|anyone|somebody)) "
        r"|(?<![\s\S])|(?<=\n)|(?<=[.!?;:] )|(?<=[.!?;:]\n)|(?<=[\"“'‘(]))"
        r"(?:buys?|purchases?) (?:my|our|(?:one|any) of (?:my|our)) "
        rf"(?:[\w-]+ )?{_CHILD_EN}(?:s|ren)?\b(?=\W*$|\s*[.,!?;:]|\s+(?:because|please|now|if|since)\b"
        r"|\s+(?:so|and) (?:that|i|we)\b"
        r"|\s+for\s+(?:[\d$£€¥₹]|rs\b|inr\b|usd\b|a (?:price|sum|fee)\b|money\b|cash\b))",
        r"\bwill be yours\b",
        # the child's sale to come, the child the subject at the head of its clause ("one fetus to be born in
        # twenty days will be sold", "the baby is to be sold") — not the goods a child word names ("child
        # tickets will be sold"), nor what others make ("cookies made by the girls will be sold")
        r"(?:(?<![\s\S])|(?<=\n)|(?<=[.!?;:,] )|(?<=\band )|(?<=\bbut )|(?<=\bso ))"
        r"(?:(?:the|this|that|my|our|one|a|an|each|every|her|his|their) )?(?:(?!by |of |from |with |for )[\w-]+ ){0,3}"
        rf"(?:{_CHILD_EN}(?:s|ren)?|fetus|foetus)(?:,? (?:to be born|born|who|that)\b[^.!?,]{{0,40}})?,? "
        r"(?:will|shall|is going to|are going to|is to|are to) be sold\b(?! on\b| out\b)",
        # — wanting the child itself, not wanting it to do something ("if you want him to sleep through")
        r"\b(?:if )?(?:anyone|someone|anybody|you) wants? (?:him|her|them|it|the baby|my baby)\b(?! to\b)",
        # spoken offers: "I can hand over the baby after a week", "you can have her"
        rf"\b(?:i|we) (?:can|will|could|would) (?:hand ?over|give) (?:(?:to )?you )?(?:the |my |our |this |that )?"
        rf"{_CHILD_EN}s?\b{_NOT_GOODS}",
        rf"\byou can (?:have|take|keep) (?:him|her|them|(?:the|my|our|this) (?:\w+ )?{_CHILD_EN}s?\b{_NOT_GOODS})",
        # a seller's or broker's words to a buyer about a child on offer, the wish followed by what the buyer
        # is to do: "If you want him, though, you've got to be quick", "If you decide to buy one, we'll send
        # people and a car to hand the baby to you" (one, when the child is named after it) — not advice
        # ("If you want a girl, try the Shettles method"), goods ("If you decide to buy one, the blue one is
        # better"; "Baby blankets $25. If you decide to buy one, we'll ship it"), nor a pet
        r"\bif you(?:['’]d| would)? (?:want|prefer) (?:him|her|the (?:baby|boy|girl|child|newborn))"
        r"(?=,? (?:though|then)\b|,? (?:let me know|call me|text me|message me|tell me|you(?:['’]ve| have) got to be)\b)",
        rf"\bif you(?: decide| want| would like|['’]d like) to (?:buy|purchase) "
        rf"(?:one(?=,? {_SELLER_WILL}[^.!?]{{0,60}}\b(?:baby|child|newborn|boy|girl)\b)"
        rf"|the (?:baby|child|boy|girl)(?=,? {_SELLER_WILL}))",
        rf"\bwho (?:can|will|would) adopt (?:my|our|this|the) (?:\w+ )?{_CHILD_EN}\b",
        r"\b(?:looking for|find) (?:a |an )?(?:\w+ ){0,2}(?:couple|family|parents|mother|home) "
        rf"(?:to|who (?:will|would|can|could)) (?:adopt|take|raise|have) (?:her|him|them|(?:my|our|the|this) {_CHILD_EN})\b",
    ),
    # a buyer wanting a child for themselves (not 追求女孩, courting a girl, nor 祈求宝宝平安, a prayer)
    "want_child": (
        # — a child named by 他 or 她 only after a verb of taking: bare, 要他 is causative (给他50万，要他求我
        # 儿子打他), 希望她 a hope for her; in 31 real ordinary Chinese texts and no real request
        rf"(?:想|要|(?<![追祈乞哀央苛])求|收|想要|希望|打算)(?:(?:领养|抱养|收养|领|抱|买)(?:一个|个|一|1个)?"
        rf"(?:健康的|刚出生的|新生)?{_CHILD_ZH}|(?:一个|个|一|1个)?(?:健康的|刚出生的|新生)?{_CHILD_NOUN_ZH})",
        r"(?:有没有|有无|谁有|哪里有).{0,6}(?:送养|出售|不要的|男宝|女宝|宝宝)",
        rf"(?:领养|抱养|收养|领|抱)(?:一个|个|一|1个).{{0,4}}?{_CHILD_ZH}",
        # — but not one's own child ("I want to buy my daughter a bike", "need my baby to sleep"): a buyer
        # wants "a baby" or "your baby"
        rf"\b(?:want|wanting|looking|hoping|wish|seeking|need) (?:for |to (?:adopt|buy|get|have) )?(?:a |an )?"
        rf"(?:(?!{_OWN})\w+ )?{_CHILD_EN}\b",
        # — not everyone who has kids: a seller is sought among some, not all
        rf"\b(?:anyone|(?<!everyone )(?<!those )(?<!people )(?<!parents )who|somebody|someone)"
        rf" (?:has|have|is|selling|giving|willing)\b.{{0,30}}{_CHILD_EN}",
        rf"\b(?:want|looking|hoping) to (?:adopt|buy)\b(?! {_OWN})",
        # — a buyer weighing the price of a child: "So for $10,000, I can have the child", "If I pay $10,000 I
        # essentially own this child?" — a sum with its sign, unit or thousands (not "for 2019 we will have a
        # baby"), and having, owning or buying the child itself, at the end of its clause (not "for $500 we
        # can buy the baby stroller", "For £20 we can have the child minded", "have the child's teeth cleaned")
        r"\b(?:for|if i pay|if we pay) (?:(?:[$£€₹]|rs\.? ?)\d[\d,.]*(?:k| thousand| million| lakhs?)?"
        r"|\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:k| thousand| million| lakhs?)|\d[\d,.]* (?:dollars|pounds|euros|rupees))"
        r",? (?:i|we) (?:\w+ )?(?:can |could |will |would )?(?:have|own|buy) (?:the|this|that|your) "
        r"(?:baby|boy|girl|child|newborn|kid)(?: boy| girl)?(?=\s*(?:[?？.!,;:…)\"”’—-]|$|and\b|now\b))",
    ),
    # third-person, past-tense telling of a transaction: news, court and police text
    "reported_sale": (
        r"以.{0,6}(?:元|万|块).{0,8}(?:卖给|卖到|出售给|贩卖|卖掉|的价格)",
        r"(?:将|把)(?:其|自己|他|她|亲生|该)?.{0,8}(?:卖给|卖到|出售给|贩卖|卖出|卖掉)",
        # — but not the disclaimer of an offer that keeps traffickers away (拒绝人贩子!, 人贩子勿扰,
        # 人贩子请绕行); a refusal told in a report goes on (她拒绝人贩子的收买)
        r"(?<!拒绝)(?<!谢绝)(?<!一切)人贩子(?!勿|免谈|免进|绕|止步|莫扰|别来|请勿|请绕)"
        r"|(?<=拒绝|谢绝)人贩子(?=[^\s,，.。!！;；)）~～])|买家|卖家|买主|倒卖",
        r"被告人|犯罪嫌疑人|嫌疑人|警方|民警|法院|检察院|判处|获刑|落网|抓获|涉嫌|据.{0,6}(?:报道|介绍|了解)|记者",
        # a sentence called for (卖小孩的判无期; 人贩子一律判死刑) — not a term of years, which a seller may
        # say he would bear (判10年也认了)
        r"判(?:处|了)?(?:无期|死刑|死缓)",
        # police at work: 警局妇幼队接获通报, 派出所立案侦办, 下架PO文
        r"警局|警察局|派出所|妇幼队|刑警|接获|通报|立案|侦办|侦查|移送|下架",
        r"\b(?:was|were|has been|have been|had been) (?:arrested|charged|sentenced|convicted|jailed|detained|accused|rescued|sold)\b",
        r"\b(?:police|prosecutors?|authorities|officials|investigators|court|judge|the report) (?:said|say|says|found|allege)",
        r"\b(?:allegedly|according to|reportedly)\b",
        # a headline's present tense ("Family Adopts Baby with Cancer from China", "Mom sells baby on Facebook")
        r"\b(?:family|couple|woman|man|mother|father|mom|dad|parents|teen|widow|grandmother|nurse|doctor)s? "
        r"(?:adopts|sells|buys|offers|tries to sell|gives up|gives away|trades|swaps)\b",
        r"\b(?:he|she|they|the (?:woman|man|mother|father|couple|suspect)s?) (?:sold|bought|tried to sell|offered|posted|advertised)\b",
    ),
    # the marks of reporting rather than posting: court and news names (张某, 李某某, 化名), full dates,
    # scare quotes round the trade's words (“送”, “补偿”), generalising over many cases
    "reporting_style": (
        r"[\u4e00-\u9fff]某[\u4e00-\u9fff]{0,2}|化名|\d{4}年\d{1,2}月|\d{1,2}月\d{1,2}日",
        r"[“「][\u4e00-\u9fff]{1,4}[”」]",
        r"多数|大多|往往|通常|一些|不少|很多|许多|均|都会|此类|这类|这些",
        # a news title's subject, a stranger named by what they are (男子掏5000万，把…女儿拱手送人; 湖南一女子
        # 网上卖娃被抓): no real Chinese offer, request or broker's words the quoted pages give opens so, 129
        # real Chinese texts do (108 news titles) — not 夫妻 or 夫妇: a couple tells of itself (夫妻俩无力抚养)
        # — and a title's subject is followed by its verb, an ad's self-description by a comma (女子，28岁…;
        # 小伙，23岁，女朋友怀孕了…), which a review found read as reports
        r"^(?!我|本人)(?:[\u4e00-\u9fff\d]{1,6}?(?:一|一名|一位|某)?|一名?|一位|某)?(?:男子|女子|妇女|少妇|小伙|老汉)"
        r"(?![，,：:、\s])",
        # people in general (因此人们不惜一切代价要一个孩子, 村里的人们都说) — not the people a post speaks to:
        # 家人们 (the folks), 好心人们, 有缘人们, 恩人们, 好人们, 各位人们, 善良的人们, nor 人们 called on (人们，…,
        # 人们啊)
        r"(?<![家女男亲老客友病工穷宝心缘恩好位])(?<!好心的|善良的|爱心的|亲爱的|路过的|热心的)人们"
        r"(?![，,！!:：啊呐呀])",
        r"\((?:not (?:her|his) )?real name\)|\bnames? (?:has|have) been changed\b|\b(?:many|most|some) (?:parents|mothers|families|couples|women)\b",
        rf"\b(?:said(?!{_SEX_TOLD})|says|told|according|interview|investigation|undercover|reportedly|allegedly)\b",
    ),
    # narrating what happened: the past tense of a report (an offer speaks in the present and future)
    "past_narrative": (
        r"当时|随后|之后|后来|先后|曾经|已被|最终|事后|事发|得知|案发|经查|交代|供述|承认",
        # "had" but not the present perfect of "we have just had a baby boy"; no participle after "be" or
        # "get": "will be sold", "to be paid", "get paid" are an offer's future, not a report's past; and
        # "Paid adoption:" heading a post is the offer's own term (有偿送养), "she paid adoption fees" a past;
        # nor the "were" of a wish or a likeness (`_IRREALIS`), which is no past
        rf"\b(?<!\bbe )(?<!\bget )(?<!\bgets )(?:was|{_IRREALIS}were|"
        r"(?<!have )(?<!has )(?<!'ve )(?<!just )had|did|sold|bought|"
        r"paid(?! adoptions?\b)|(?<=[a-z] )paid(?= adoptions?\b)|took|gave|told|asked|demanded|received|agreed|met|found|"
        r"posted|contacted|handed|delivered|discovered|revealed|admitted|confessed|pleaded|fetched|tried|attempted)\b",
    ),
    # asking about, or taking, the lawful route: a registry, an agency, the papers and the conditions
    "lawful_route": (
        r"(?:如何|怎么|怎样|哪里)(?:办理|收养|领养|送养|登记)|需要(?:什么|哪些)(?:手续|条件|材料|证明)|合法(?:收养|送养|领养|途径|程序)|正规(?:渠道|途径|程序)|收养登记|民政局|福利院",
        # the procedure the law sets (收养程序, 遵循程序): adoption law's words — not a procedure skipped (不走收养
        # 程序) or a broker's "按照程序走"
        r"(?<!不走)(?<!不用)(?<!无需)(?<!不需)(?<!免走)(?<!不经过)(?<!没有)(?:收养|领养|送养|法定|法律)程序"
        r"|(?:遵循|依照|履行)(?:相关|法定|法律)?程序",
        r"\b(?:how (?:do|can|would|does) (?:i|we|one|you) (?:place|adopt|give|go about|start|find)|is it legal|legally|lawful(?:ly)?|through (?:an|the|a) (?:licensed |adoption )?agency|licensed|home study|social worker|attorney|lawyer|adoption agency)\b",
    ),
    # an act denied: 绝不会送人, "I would never give up my baby"
    "negated": (
        r"(?:绝不|绝对不|决不|不会|不能|不可以|不要|禁止|严禁|不得|拒绝)(?:把|将)?.{0,4}(?:送|卖|买|领养|收养|抱养|出售)",
        r"\b(?:never|not|don't|won't|wouldn't|can't|cannot|shouldn't|must not|refuse to|illegal to)\b(?: \w+){0,3} (?:sell|buy|give up|give away|adopt|place)\b",
    ),
    # a post that speaks to its reader: the way offers, requests and brokers ask for contact
    "address": (
        r"你|您|大家|各位|宝妈们|有意|私聊|私信|私我|联系我|加我|详聊|面聊|有需要",
        r"\b(?:dm|pm|inbox|message|call|text|contact|whatsapp) me\b|\bif you\b|\banyone\b|\binterested\b|\bserious (?:inquiries|buyers|offers)\b",
    ),
    # a question about a child's health, care or schooling, to a doctor or other parents
    "care_question": (
        r"怎么办|怎么回事|正常吗|能吃吗|可以吃|要紧吗|严重吗|怎么治|如何治疗|医生|大夫|请问|吃什么|什么原因|有影响吗|需要注意",
        r"[34]\d(?:\.\d)?\s*度|发烧|发热|体温|咳嗽|拉肚子|腹泻|吐奶|湿疹|黄疸|疫苗|打针|住院|挂号|医院",
        # a doctor, but not one paid for: "I cannot afford the costs of a doctor" asks nothing of a child's health
        rf"\b(?:is (?:it|this) normal|pediatrician|(?<!\bof a )(?<!\bafford a )(?<!\bpay a )(?<!\bpay the )"
        rf"doctor(?! said{_SEX_TOLD})|fever|rash|sleep regression|daycare|preschool|teething|temperature|cough|vomit\w*|diarrh\w*|jaundice|eczema|vaccin\w*)\b",
    ),
    # trying to conceive, or a pregnancy's health: a woman who wants a baby of her own (想要个宝宝，我有胰岛素
    # 抵抗; 我有高血压想要孩子，可以吗; "we have been trying to conceive"), not one who wants to buy one
    "conceiving": (
        r"备孕|怀不上|受孕|排卵|试管|不孕|不育|多囊|促排|孕前|胰岛素|高血压|血糖|糖尿病|甲减|甲亢|孕酮|宫外孕|保胎"
        r"|孕吐|先兆流产|胎心|胎停|乙肝|小三阳|大三阳|传染给"
        # a parent asking a doctor whether she can still have a child (卵巢切除, 还有生育能力吗, 希望再生一个)
        r"|生育能力|卵巢|输卵管|子宫|精子|卵子|再生一个|生二胎|要二胎"
        # a woman asking whether she has conceived or can (同房了，会不会怀孕？我想要一个宝宝): the question only,
        # not her period, intercourse or a test, which a pregnant seller tells too (验孕两道杠，意外怀孕，生下来
        # 送人: a review found such sellers cleared)
        r"|会不会怀[孕上]|能不能怀[孕上]|是不是怀[孕上]|怀[孕上]了吗|(?:会|能|才能)怀上|有没有怀上|怀上没",
        r"\b(?:trying to (?:conceive|get pregnant)|ttc|ivf|fertility|ovulat\w*|infertil\w*|miscarr\w*|progesterone"
        r"|gestational|morning sickness|ob-?gyn)\b",
    ),
}

_HAN_IN_PATTERN = re.compile(r"[\u4e00-\u9fff]|\\u4e00")


def _compiled(chinese: bool | None) -> dict[str, re.Pattern[str]]:
    """Each category's patterns as one alternation: all of them (None), or only those written in Chinese
    (True) or in English (False). A Chinese pattern needs a CJK character to match and an English one an
    ASCII letter, so on a text with only one of the two the other patterns can match nothing, and leaving
    them out finds the same cues in less than half the time (an alternation is tried at every place)."""
    out = {}
    for category, patterns in PATTERNS.items():
        kept = [p for p in patterns if chinese is None or (_HAN_IN_PATTERN.search(p) is not None) == chinese]
        if kept:
            out[category] = re.compile("|".join(kept))
    return out


_COMPILED = _compiled(None)
_CHINESE_ONLY = _compiled(True)
_ENGLISH_ONLY = _compiled(False)
KIND_OF = {
    "goods": "notice",
    "own_child": "role",
    "home_for_child": "transfer",
    "want_child": "transfer",
    "reported_sale": "notice",
    "care_question": "notice",
    "conceiving": "notice",
    "reporting_style": "notice",
    "negated": "notice",
    "past_narrative": "notice",
    "lawful_route": "notice",
    "address": "contact",
}


def intent_cues(folded: str) -> list[Cue]:
    """Every speech-act cue in a folded text."""
    cues: list[Cue] = []
    han, latin = HAN.search(folded) is not None, LATIN_LETTER.search(folded) is not None
    patterns = _COMPILED if han and latin else _CHINESE_ONLY if han else _ENGLISH_ONLY
    for category, pattern in patterns.items():
        for match in pattern.finditer(folded):
            if match.end() > match.start():
                cues.append(Cue(match.start(), match.end(), category, KIND_OF[category], match.group(0)))
    return cues
