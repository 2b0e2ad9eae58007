"""The words of the review UI in Chinese (first) and English. The user picks; the choice is a cookie."""

from __future__ import annotations

LANGUAGES = ("zh", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "app": {"zh": "回家 · 审核台", "en": "huijia · review desk"},
    "login": {"zh": "登录", "en": "Sign in"},
    "logout": {"zh": "退出", "en": "Sign out"},
    "username": {"zh": "用户名", "en": "Username"},
    "password": {"zh": "密码", "en": "Password"},
    "bad_login": {"zh": "用户名或密码错误", "en": "Wrong username or password"},
    "too_many": {"zh": "尝试次数过多，请稍后再试", "en": "Too many attempts; try again later"},
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
    "playbook": {"zh": "处置建议", "en": "What to do"},
    "role": {"zh": "角色", "en": "Role"},
    "add_user": {"zh": "新建账户", "en": "Add account"},
    "new_password": {"zh": "新密码", "en": "New password"},
    "reset_password": {"zh": "重设密码", "en": "Reset password"},
    "forbidden": {"zh": "无权访问此页面", "en": "You may not open this page"},
    "nothing": {"zh": "没有待审内容", "en": "Nothing to review"},
    "software_flags": {"zh": "系统只做标记，结论由人作出。", "en": "Software flags; people decide."},
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


def translator(language: str) -> dict[str, str]:
    language = language if language in LANGUAGES else "zh"
    return {key: words[language] for key, words in MESSAGES.items()}
