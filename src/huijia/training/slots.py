"""Slot values for the post generator: (surface text, the fact it states). Vocabulary from
shared/research/anchors-detection.md §10 and the seed articles."""

from __future__ import annotations

PLACES = [
    "湖南", "广东", "河南郑州", "东莞", "四川成都", "安徽合肥", "江西赣州", "福建莆田", "广西南宁", "山东临沂",
    "云南昆明", "贵州", "重庆", "深圳", "江苏徐州", "浙江温州", "湖北武汉", "河北", "山西太原", "陕西西安",
    "广州天河", "长沙", "海口", "甘肃", "黑龙江", "江浙沪", "珠三角", "上海", "北京", "天津",
]  # fmt: skip
PLACES_EN = ["Hunan", "Guangdong", "Henan", "Shenzhen", "Chengdu", "Jiangxi", "Fujian", "Zhengzhou",
             "Guangzhou", "Hainan", "Yunnan", "Shandong", "Lagos", "Ganzhou"]  # fmt: skip
# (word, gender)
CHILD = [
    ("男宝", "male"), ("女宝", "female"), ("男婴", "male"), ("女婴", "female"), ("男孩", "male"),
    ("女孩", "female"), ("蓝宝", "male"), ("粉宝", "female"), ("宝宝", None), ("孩子", None), ("婴儿", None),
    ("男宝宝", "male"), ("女宝宝", "female"), ("小男孩", "male"), ("小女孩", "female"), ("娃", None),
]  # fmt: skip
CHILD_EN = [("baby boy", "male"), ("baby girl", "female"), ("baby", None), ("newborn boy", "male"),
            ("newborn girl", "female"), ("son", "male"), ("daughter", "female"), ("infant", None)]  # fmt: skip
# (text, days)
AGE = [
    ("出生8天", 8), ("刚满月", 30), ("两个月", 60), ("55天", 55), ("三个月大", 90), ("十天", 10),
    ("20天", 20), ("一个多月", None), ("刚出生", None), ("四个月", 120), ("半岁", 182), ("七天", 7),
    ("45天", 45), ("一岁", 365), ("40天", 40), ("六个月", 180),
]  # fmt: skip
AGE_EN = [("two month-old", 60), ("10-day-old", 10), ("three-month-old", 90), ("newborn", None),
          ("six-week-old", 42), ("one-month-old", 30), ("55-day-old", 55)]  # fmt: skip
# (text, pregnancy month)
PREGNANCY = [
    ("怀孕七个月", 7), ("孕五月", 5), ("怀孕8个月", 8), ("孕32周", 9), ("怀孕六个月", 6), ("怀了四个月", 4),
    ("七个月身孕", 7), ("孕晚期", None), ("刚怀孕", None), ("怀孕三个多月", 3),
]  # fmt: skip
# (text, amount, amount_max)
PRICE = [
    ("3万", 30000, None), ("三万", 30000, None), ("八万八", 88000, None), ("6万8", 68000, None),
    ("八九万", 80000, 90000), ("10万", 100000, None), ("5万", 50000, None), ("三到五万", 30000, 50000),
    ("2.5万", 25000, None), ("48000元", 48000, None), ("十几万", 110000, 190000), ("两万", 20000, None),
    ("4万5", 45000, None), ("15万", 150000, None), ("30000", 30000, None), ("6w", 60000, None),
    ("3.8万", 38000, None), ("五万块", 50000, None), ("12万", 120000, None), ("2万元", 20000, None),
]  # fmt: skip
PRICE_EN = [("30,000 yuan", 30000, "CNY"), ("$16,000", 16000, "USD"), ("£3,400", 3400, "GBP"),
            ("90K", 90000, "CNY"), ("50,000 yuan", 50000, "CNY"), ("RMB 80,000", 80000, "CNY"),
            ("$5,000", 5000, "USD"), ("100,000 yuan", 100000, "CNY")]  # fmt: skip
FEE = ["营养费", "感谢费", "补偿", "医药费", "送养费", "红包", "价格", "营养费用", "适当补偿", "低补", "补"]
STORY = [
    "未婚先孕", "家里困难养不起", "离婚了没能力抚养", "还在上学", "意外怀孕", "超生了", "家庭变故",
    "男朋友跑了", "有难言之隐", "单亲妈妈带不了", "经济困难", "老公不要了",
]  # fmt: skip
PRIVATE = ["有意私聊", "详情私聊", "价格私聊", "加我详聊", "诚心的联系", "私我", "有意者联系", "面聊"]
DISCLAIMER = ["人贩子勿扰", "必须合法", "骗子勿扰", "中介勿扰"]
DOCS = ["可办出生证", "包上户口", "出生证齐全", "能上户", "手续齐全", "可上户口", "带出生医学证明"]
BUYER_PROMISE = ["会视如己出", "家庭条件好", "有房有车", "一定对孩子好", "当亲生的养", "结婚多年没有孩子"]
SEEK = ["求领养", "诚心领养", "想抱养", "求购", "高价求", "收", "想领养", "求", "重金收养", "领养"]
REASON_EN = ["can't afford another child", "I am unmarried", "my family cannot keep the baby",
             "we have no money for the hospital", "I am still a student"]  # fmt: skip
GOODS = ["婴儿车", "奶粉", "童装", "婴儿床", "尿不湿", "学步车", "安全座椅", "玩具"]
PETS = ["英短猫", "布偶猫", "柯基", "泰迪", "金毛", "小奶猫", "橘猫"]
CHAT = [
    "有", "我要", "蹲", "+1", "早上好", "收到", "谢谢群主", "哈哈哈", "今天天气真好", "晚上一起吃饭吗",
    "这个群怎么这么安静", "好的", "在吗", "大家好", "新人报道", "红包来了", "谁在", "是的", "不知道", "ok",
    "晚安", "明天见", "哪里人", "多大了", "路过", "顶", "厉害", "真的假的", "转发", "求助",
]  # fmt: skip
NAMES = ["张", "王", "李", "刘", "陈", "杨", "黄", "赵", "周", "吴"]
