"""The words of the review UI in Chinese (first) and English. The user picks; the choice is a cookie."""

from __future__ import annotations

LANGUAGES = ("zh", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "export_takedown": {"zh": "导出封禁通知（签名）", "en": "Export the takedown notice (signed)"},
    "export_takedown_help": {
        "zh": "给平台的通知：理由（中英文）及所引用消息的原文与哈希，不含照片。",
        "en": "For the platform: the reasons in Chinese and English, and the cited messages with their "
        "hashes; no photos.",
    },
    "takedown_failed": {"zh": "无法生成封禁通知", "en": "The takedown notice could not be made"},
    "photo_reuse": {"zh": "重复使用的照片", "en": "Reused photos"},
    "photo_reuse_one": {"zh": "多人发布的同一张照片", "en": "One photo, several senders"},
    "banked_match": {"zh": "与案件照片库中的照片相同", "en": "The same as a photo in the case bank"},
    "pdq_distance": {"zh": "PDQ 距离", "en": "PDQ distance"},
    "bank": {"zh": "加入照片库", "en": "Bank it"},
    "banks": {"zh": "照片库", "en": "Photo banks"},
    "bank_case": {"zh": "案件照片（匹配所有照片）", "en": "case photo (matched everywhere)"},
    "bank_harmless": {"zh": "无害照片（不再关联）", "en": "harmless (links no one)"},
    "unbank": {"zh": "移出照片库", "en": "Remove"},
    "reason_banked_photo": {"zh": "出现案件照片库中的照片", "en": "A photo from the case bank"},
    "groups": {"zh": "群组风险", "en": "Groups by risk"},
    "groups_help": {
        "zh": "每个群按风险从高到低排列：分数、理由和证据来自最近一次关联分析；是否处置由人决定。",
        "en": "Every chat, riskiest first: the score, its reasons and evidence come from the last linking; "
        "people decide what to do.",
    },
    "recommendation": {"zh": "建议", "en": "Recommendation"},
    "rec_takedown": {"zh": "建议封禁", "en": "takedown"},
    "rec_watch": {"zh": "持续关注", "en": "watch"},
    "rec_none": {"zh": "无", "en": "none"},
    "messages_n": {"zh": "消息", "en": "Messages"},
    "authors_n": {"zh": "发言人", "en": "Senders"},
    "reason_flagged_posts": {"zh": "被标记的帖子", "en": "Flagged posts"},
    "reason_flagged_authors": {"zh": "多人发布被标记的帖子", "en": "Several senders post them"},
    "reason_both_sides": {"zh": "既有送养也有求领：交易市场", "en": "Offers and requests: a market"},
    "reason_cross_channel_actor": {
        "zh": "同一人也在其他群发布",
        "en": "An actor here posts in other chats too",
    },
    "reason_template_cluster": {"zh": "模板帖反复出现", "en": "A template re-posted"},
    "reason_photo_reuse": {"zh": "同一照片被多人发布", "en": "A photo several senders posted"},
    "reason_paid_entry": {"zh": "付费进群", "en": "Paid entry"},
    "reason_nickname_tags": {"zh": "昵称标签（如 湖南送男宝）", "en": "Nickname tags (湖南送男宝)"},
    "reason_recreated": {"zh": "解散后换名重建", "en": "Re-created under a new name"},
    "link_actor": {"zh": "同一行为人", "en": "Actor"},
    "cluster": {"zh": "模板帖", "en": "Template cluster"},
    "authors_h": {"zh": "账号与昵称", "en": "Handles and names"},
    "channels": {"zh": "出现的群", "en": "Chats"},
    "contacts": {"zh": "联系方式", "en": "Contacts"},
    "hub": {"zh": "公共号码，不用于关联", "en": "hub: shared by many, joins no one"},
    "links_h": {"zh": "关联及理由", "en": "Links and their reasons"},
    "timeline": {"zh": "时间线", "en": "Timeline"},
    "template": {"zh": "模板", "en": "Template"},
    "slot": {"zh": "变化的部分", "en": "a slot: what changes"},
    "slots": {"zh": "变化的部分及取值", "en": "Slots and their values"},
    "network": {"zh": "关系网", "en": "Network"},
    "network_help": {
        "zh": "从所选对象出发的行为人、联系方式、群和模板；公共号码不连通。",
        "en": "Actors, contacts, chats and templates around the start; hubs do not connect.",
    },
    "left_out": {"zh": "未画出的节点", "en": "nodes not drawn"},
    "hops": {"zh": "跳", "en": "hops"},
    "in_queue": {"zh": "在审核队列中查看", "en": "Show in the queue"},
    "decide_all": {"zh": "一次处理全部被标记的帖子", "en": "Decide every flagged post at once"},
    "decide_all_help": {
        "zh": "同一理由记录到每条被标记的帖子上，每条帖子各自保留决定与审计记录。",
        "en": "One reason, recorded on each flagged post; each keeps its own decision and audit entry.",
    },
    "same_actor": {"zh": "同一行为人", "en": "same actor"},
    "same_template": {"zh": "同一模板", "en": "same template"},
    "linked_filter": {"zh": "关联", "en": "Linked"},
    "app": {"zh": "回家 · 审核台", "en": "huijia · review desk"},
    "login": {"zh": "登录", "en": "Sign in"},
    "logout": {"zh": "退出", "en": "Sign out"},
    "username": {"zh": "用户名", "en": "Username"},
    "password": {"zh": "密码", "en": "Password"},
    "bad_login": {"zh": "用户名或密码错误", "en": "Wrong username or password"},
    "too_many": {"zh": "尝试次数过多，请稍后再试", "en": "Too many attempts; try again later"},
    "locked_for": {
        "zh": "尝试次数过多，已锁定，请 {n} 分钟后再试（或请管理员解锁）",
        "en": "Too many attempts: locked; try again in {n} minute(s), or ask an admin to unlock",
    },
    "bad_code": {"zh": "验证码错误", "en": "Wrong code"},
    "bad_current_code": {
        "zh": "当前验证码错误：更换双重验证需要现用的验证码或恢复码",
        "en": "Wrong current code: replacing the second factor takes a code from the one in use "
        "(or a recovery code)",
    },
    "current_code": {
        "zh": "现用的验证码或恢复码",
        "en": "Code from the authenticator in use, or a recovery code",
    },
    "code": {"zh": "验证码", "en": "Code"},
    "code_help": {
        "zh": "验证器应用中的 6 位数字，或一个恢复码",
        "en": "The 6 digits from your authenticator app, or a recovery code",
    },
    "second_factor": {"zh": "两步验证", "en": "Two-factor sign-in"},
    "second_factor_help": {
        "zh": "在验证器应用中添加下面的密钥（或 otpauth 链接），然后输入它显示的验证码。",
        "en": "Add the secret below (or the otpauth link) to an authenticator app, then enter its code.",
    },
    "second_factor_required": {
        "zh": "管理员和登记员必须先开启两步验证",
        "en": "Admins and registrars must enrol in two-factor sign-in first",
    },
    "second_factor_on": {
        "zh": "两步验证已开启；再次登记会替换密钥和恢复码。",
        "en": "Two-factor sign-in is on; enrolling again replaces the secret and the recovery codes.",
    },
    "second_factor_enrol": {"zh": "开启两步验证", "en": "Turn on two-factor sign-in"},
    "second_factor_done": {"zh": "两步验证已开启", "en": "Two-factor sign-in is on"},
    "recovery_codes_once": {
        "zh": "恢复码只显示这一次：请抄下并妥善保管，每个只能用一次。",
        "en": "These recovery codes are shown only this once: write them down; each works once.",
    },
    "secret": {"zh": "密钥", "en": "Secret"},
    "sessions": {"zh": "会话", "en": "Sessions"},
    "audit_log": {"zh": "审计日志", "en": "Audit log"},
    "address": {"zh": "地址", "en": "Address"},
    "signed_in_at": {"zh": "登录时间", "en": "Signed in"},
    "last_seen": {"zh": "最近活动", "en": "Last seen"},
    "end_session": {"zh": "结束会话", "en": "End session"},
    "locks": {"zh": "登录锁定", "en": "Login locks"},
    "locked": {"zh": "已锁定", "en": "Locked"},
    "failures": {"zh": "失败次数", "en": "Failures"},
    "unlock": {"zh": "解锁", "en": "Unlock"},
    "no_locks": {"zh": "没有锁定", "en": "Nothing is locked"},
    "actor": {"zh": "操作人", "en": "Who"},
    "record": {"zh": "对象", "en": "Record"},
    "detail": {"zh": "详情", "en": "Detail"},
    "change_role": {"zh": "更改角色", "en": "Change role"},
    "disable": {"zh": "停用", "en": "Disable"},
    "enable": {"zh": "启用", "en": "Enable"},
    "disabled": {"zh": "已停用", "en": "disabled"},
    "queue": {"zh": "待审队列", "en": "Queue"},
    "users": {"zh": "账户", "en": "Accounts"},
    "dashboard": {"zh": "统计", "en": "Dashboard"},
    "upload": {"zh": "上传导出文件", "en": "Upload an export"},
    "too_large": {"zh": "文件过大", "en": "The file is too large"},
    "file": {"zh": "文件", "en": "File"},
    "status": {"zh": "状态", "en": "Status"},
    "progress": {"zh": "进度", "en": "Progress"},
    "result": {"zh": "结果", "en": "Result"},
    "flagged": {"zh": "标记帖子", "en": "Flagged posts"},
    "sex_offered": {"zh": "被送/售儿童性别", "en": "Sex of the children offered"},
    "prices": {"zh": "价格（折合人民币）", "en": "Prices (in CNY)"},
    "provinces": {"zh": "省份", "en": "Provinces"},
    "months": {"zh": "按月", "en": "Per month"},
    "per_chat": {"zh": "按群/论坛", "en": "Per chat or forum"},
    "label": {"zh": "类别", "en": "Label"},
    "risk": {"zh": "风险", "en": "Risk"},
    "chat": {"zh": "群/论坛", "en": "Chat or forum"},
    "time": {"zh": "时间", "en": "Time"},
    "author": {"zh": "发布者", "en": "Author"},
    "text": {"zh": "原文", "en": "Text"},
    "price": {"zh": "价格", "en": "Price"},
    "decided": {"zh": "已审", "en": "Decided"},
    "any": {"zh": "全部", "en": "Any"},
    "yes": {"zh": "是", "en": "Yes"},
    "no": {"zh": "否", "en": "No"},
    "filter": {"zh": "筛选", "en": "Filter"},
    "province": {"zh": "省份", "en": "Province"},
    "since": {"zh": "起", "en": "From"},
    "until": {"zh": "止", "en": "To"},
    "facts": {"zh": "提取信息", "en": "Facts"},
    "indicators": {"zh": "牟利指标（供参考，非结论）", "en": "Profit indicators (evidence, not a verdict)"},
    "second_reading": {
        "zh": "模型不确定，整段复读（句向量模型）认为是买卖儿童帖的概率",
        "en": "Read twice, the label model being unsure: the whole-text model's probability of an offer, "
        "request or broker ad",
    },
    "context": {"zh": "同群前后消息", "en": "Messages before and after"},
    "other_posts": {"zh": "该账号其他发言", "en": "The author's other posts"},
    "photos": {"zh": "照片", "en": "Photos"},
    "already_stored": {
        "zh": "这个文件已经导入过（SHA-256 相同），未重复导入",
        "en": "This file was stored before (same SHA-256): nothing added",
    },
    "bad_form": {
        "zh": "表单不完整或有字段无效（缺少、过长或格式不对），未保存任何内容",
        "en": "A field of the form is missing, too long or malformed; nothing was saved",
    },
    "bad_query": {
        "zh": "筛选条件或页码无效（格式不对或不在列表中）",
        "en": "A filter or page number is not valid (malformed, or not one of the choices)",
    },
    "db_unavailable": {
        "zh": "数据库暂时无法访问（连接失败或繁忙），未保存任何内容，请稍后再试",
        "en": "The database is not answering (unreachable or busy); nothing was saved. Please try again",
    },
    "fields": {"zh": "字段", "en": "Fields"},
    "back": {"zh": "返回", "en": "Back"},
    "pages": {"zh": "分页", "en": "Pages"},
    "page": {"zh": "页码", "en": "Page"},
    "previous": {"zh": "上一页", "en": "Previous"},
    "next": {"zh": "下一页", "en": "Next"},
    "select": {"zh": "选择", "en": "Select"},
    "export_referral": {"zh": "导出所选案件的报案材料", "en": "Export a police referral of the ticked cases"},
    "export_referral_one": {"zh": "导出本案报案材料", "en": "Export a police referral of this case"},
    "no_cases": {"zh": "请先勾选至少一个案件", "en": "Tick at least one case first"},
    "referral_failed": {
        "zh": "报案材料未能生成（服务器缺少中文字体？）",
        "en": "The referral could not be made (is a Chinese font installed on the server?)",
    },
    "photo_blurred": {
        "zh": "照片已模糊处理，点击查看；再点一次恢复模糊",
        "en": "Photo blurred: click to show it, click again to blur it",
    },
    "decisions": {"zh": "审核记录", "en": "Decisions"},
    "decide": {"zh": "作出决定", "en": "Decide"},
    "action": {"zh": "处理", "en": "Action"},
    "reason": {"zh": "理由（必填）", "en": "Reason (required)"},
    "save": {"zh": "提交", "en": "Submit"},
    "reason_needed": {"zh": "请填写理由", "en": "A reason is required"},
    "action_unknown": {
        "zh": "无此处理方式，请从列表中选择",
        "en": "No such action: choose one from the list",
    },
    "label_unknown": {"zh": "无此标签，请从列表中选择", "en": "No such label: choose one"},
    "bank_unknown": {"zh": "无此图库，请从列表中选择", "en": "No such bank: choose one"},
    "photo_unreadable": {"zh": "该照片无法读取，未加入图库", "en": "The photo cannot be read; not banked"},
    "playbook": {"zh": "处置建议", "en": "What to do"},
    "role": {"zh": "角色", "en": "Role"},
    "add_user": {"zh": "新建账户", "en": "Add account"},
    "new_password": {"zh": "新密码", "en": "New password"},
    "reset_password": {"zh": "重设密码", "en": "Reset password"},
    "forbidden": {"zh": "无权访问此页面", "en": "You may not open this page"},
    "nothing": {"zh": "没有待审内容", "en": "Nothing to review"},
    "software_flags": {"zh": "系统只做标记，结论由人作出。", "en": "Software flags; people decide."},
    "signing_key": {
        "zh": "本机签名密钥（移交材料以此签名，请与接收方另行核对）",
        "en": "This installation's signing key (referrals are signed with it; let receivers check it)",
    },
    # the missing-children registry
    "registry": {"zh": "失踪儿童登记", "en": "Missing children"},
    "reports": {"zh": "走失报告", "en": "Reports"},
    "sightings": {"zh": "目击线索", "en": "Sightings"},
    "report": {"zh": "走失报告", "en": "Report"},
    "sighting": {"zh": "目击线索", "en": "Sighting"},
    "new_report": {"zh": "登记走失儿童", "en": "New report"},
    "new_sighting": {"zh": "登记目击线索", "en": "New sighting"},
    "link_queue": {
        "zh": "从待审队列导入：寻人启事→草稿报告，涉嫌买卖帖子的照片→目击线索",
        "en": "Take in the queue: missing-child notices → draft reports, flagged posts' photos → sightings",
    },
    "linked": {"zh": "已导入", "en": "Taken in"},
    "name": {"zh": "姓名", "en": "Name"},
    "sex": {"zh": "性别", "en": "Sex"},
    "female": {"zh": "女", "en": "Female"},
    "male": {"zh": "男", "en": "Male"},
    "born": {"zh": "出生日期", "en": "Date of birth"},
    "lost_at": {"zh": "走失时间", "en": "Lost at (date and time)"},
    "lost_place": {"zh": "走失地点", "en": "Place of loss"},
    "lat": {"zh": "纬度", "en": "Latitude"},
    "lon": {"zh": "经度", "en": "Longitude"},
    "height_cm": {"zh": "身高（厘米）", "en": "Height (cm)"},
    "weight_kg": {"zh": "体重（公斤）", "en": "Weight (kg)"},
    "marks": {"zh": "体貌特征", "en": "Marks"},
    "dna_given": {"zh": "家属已向公安采血（DNA）", "en": "DNA given to the police"},
    "family_contact": {"zh": "家属联系方式（保密）", "en": "Family's contact (protected)"},
    "child_photos": {"zh": "孩子的照片", "en": "Photos of the child"},
    "child_age": {"zh": "照片中孩子的年龄（岁）", "en": "The child's age in these photos (years)"},
    "family_photos": {"zh": "父母或兄弟姐妹的照片", "en": "Photos of parents or siblings"},
    "relation": {"zh": "关系", "en": "Relation"},
    "mother": {"zh": "母亲", "en": "Mother"},
    "father": {"zh": "父亲", "en": "Father"},
    "sibling": {"zh": "兄弟姐妹", "en": "Sibling"},
    "seen_at": {"zh": "看到的时间", "en": "Seen at (date and time)"},
    "place": {"zh": "地点", "en": "Place"},
    "age_estimate": {"zh": "估计年龄（岁）", "en": "Estimated age (years)"},
    "source": {"zh": "来源", "en": "Source"},
    "street": {"zh": "街头", "en": "Street"},
    "welfare_home": {"zh": "福利机构", "en": "Welfare home"},
    "online_post": {"zh": "网络帖子", "en": "Online post"},
    "other": {"zh": "其他", "en": "Other"},
    "note": {"zh": "说明", "en": "Note"},
    "gps_consent": {
        "zh": "同意保存照片中的定位信息（仅用于比对，不公开）",
        "en": "Keep the photo's GPS position (used for matching only, never shown publicly)",
    },
    "submitter_contact": {"zh": "您的联系方式（选填，保密）", "en": "How to reach you (optional, protected)"},
    "history": {"zh": "状态记录", "en": "Status history"},
    "change_status": {"zh": "更改状态", "en": "Change the status"},
    "candidates": {
        "zh": "候选（供人工核实，不代表认定）",
        "en": "Candidates (for people to check, not an identification)",
    },
    "similarity": {"zh": "相似度", "en": "Similarity"},
    "plausible": {"zh": "时间地点年龄是否吻合", "en": "Plausible"},
    "reasons": {"zh": "依据", "en": "Reasons"},
    "mark": {"zh": "标注", "en": "Mark"},
    "not_match": {"zh": "不是同一人", "en": "Not a match"},
    "possible": {"zh": "可能，需进一步核实", "en": "Possible: look closer"},
    "dna_check": {"zh": "请公安做DNA比对", "en": "Ask the police for a DNA check"},
    "no_face": {
        "zh": "照片中没有可比对的人脸（未找到，或太小、模糊、侧脸）",
        "en": "No face to compare in the photos (none found, or too small, blurred or turned)",
    },
    "no_candidates": {"zh": "没有候选", "en": "No candidates"},
    "dna_warning": {
        "zh": "人脸比对只能缩小范围；是否为同一孩子，只能由公安机关的DNA比对确定。",
        "en": "Face matching only narrows the search; only a police DNA comparison can say it is the same "
        "child.",
    },
    "add_photos": {"zh": "补充照片", "en": "Add photos"},
    "face_searched": {"zh": "人脸已纳入比对", "en": "Face searched"},
    "face_none": {"zh": "未找到人脸", "en": "No face found"},
    "face_poor": {
        "zh": "人脸检测置信度低，未纳入比对；请补充更清晰的正面照",
        "en": "Face found with low confidence: not searched; add a clearer frontal photo",
    },
    "source_post": {"zh": "来源帖子", "en": "From the post"},
    "public_sighting": {"zh": "提交目击线索", "en": "Report a sighting"},
    "public_intro": {
        "zh": "如果您看到疑似被拐或流浪乞讨的儿童，请在此提交。线索由登记员审核后才会进入比对。"
        "紧急情况请直接拨打 110。请勿与可疑人员冲突。",
        "en": "If you saw a child who may be missing or begging, tell us here. A registrar checks every "
        "sighting before it is searched. In an emergency call the police (110 in China). Do not confront "
        "anyone.",
    },
    "thanks": {
        "zh": "谢谢！线索已收到，将由登记员审核。",
        "en": "Thank you. The sighting is in and a registrar will check it.",
    },
    "too_many_sightings": {
        "zh": "提交过于频繁，请一小时后再试；紧急情况请拨打 110",
        "en": "Too many sightings from here; try again in an hour, or call the police in an emergency",
    },
    "record_failed": {"zh": "未保存", "en": "Not saved"},
}

PLAYBOOKS: dict[str, dict[str, str]] = {
    "birth_parent": {
        "zh": "这可能是一位陷入困境的父母。请提供合法送养途径（当地民政部门、儿童福利机构办理送养与"
        "收养登记）和援助信息（妇联、社会救助、心理支持热线），并提醒私下有偿送养违法。"
        "若有牟利迹象或多次发布，升级处理。",
        "en": "This may be a parent in distress. Give the lawful route (the local civil-affairs office "
        "and child welfare institutions handle relinquishment and adoption registration) and support "
        "services (women's federation, social assistance, counselling lines), and warn that private paid "
        "placement is illegal. Escalate if there are signs of profit or repeated posts.",
    },
    "buyer": {
        "zh": "向发布者发出警告：通过网络有偿领养、购买儿童属违法行为；告知依法收养须经民政部门登记。"
        "若出价、多次求购或与中介联系，移交警方。",
        "en": "Warn the poster: obtaining a child for money online is a crime; lawful adoption goes through "
        "civil-affairs registration. Refer to the police if they bid, ask repeatedly or deal with brokers.",
    },
    "broker": {
        "zh": "疑似中介或人贩：保全证据（原文、账号、时间、来源文件哈希），导出线索移交警方，勿与其接触。",
        "en": "Possible broker or trafficker: preserve the evidence (text, handles, times, source hashes), "
        "export a referral for the police, and do not engage.",
    },
    "family_searching": {
        "zh": "寻亲信息：转交寻亲登记员核实，录入失踪儿童登记。",
        "en": "A family searching: pass to a registrar to verify and enter in the missing-children registry.",
    },
}


REASONS_ZH = {  # the Chinese of huijia.registry.ranking.REASON_TEXT, by code
    "seen_before": "看到的时间早于走失时间",
    "age_fits": "年龄吻合：现约{now:.0f}岁，估计{estimated:.0f}岁",
    "age_differs": "年龄不符：现约{now:.0f}岁，估计{estimated:.0f}岁",
    "sex_fits": "性别一致（{sex}）",
    "sex_differs": "性别不同（报告为{reported}，看到的是{seen}）",
    "too_far": "距走失地点{km:.0f}公里，而走失后仅{hours:.0f}小时",
    "distance": "距走失地点{km:.0f}公里，已过去{years:.1f}年",
}
SEX_ZH = {"male": "男", "female": "女"}


def reason_text(language: str, reason: str) -> str:
    """A ranking reason in the user's language (English is the reason's own text)."""
    code = getattr(reason, "code", None)
    if language != "zh" or code not in REASONS_ZH:
        return str(reason)
    values = {k: SEX_ZH.get(v, v) if isinstance(v, str) else v for k, v in reason.values.items()}  # type: ignore[attr-defined]
    return REASONS_ZH[code].format(**values)


def translator(language: str) -> dict[str, str]:
    language = language if language in LANGUAGES else "zh"
    return {key: words[language] for key, words in MESSAGES.items()}
