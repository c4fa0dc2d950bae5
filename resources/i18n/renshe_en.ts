<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>CounterWindow</name>
    <message>
        <source>人社服务站 RenShe Station</source>
        <translation>RenShe Station · HRSS service station</translation>
    </message>
    <message>
        <source>设备：未连接</source>
        <translation>Devices: not connected</translation>
    </message>
    <message>
        <source>刷社保卡、读身份证、扫码，或输入身份证号/姓名/拼音 (F2)</source>
        <translation>Tap a social-security card, read an ID card, scan a code, or type an ID number, name or pinyin (F2)</translation>
    </message>
    <message>
        <source>办事 (F2)</source>
        <translation>Services (F2)</translation>
    </message>
    <message>
        <source>联网</source>
        <translation>online</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>{name}（{mode}）</source>
        <translation>{name} ({mode})</translation>
    </message>
    <message>
        <source>已锁定 · 请输入密码解锁</source>
        <translation>Locked · enter your password to unlock</translation>
    </message>
    <message>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>本站未找到此人。联网时可用全市查询，或为其办理新登记。</source>
        <translation>Nobody found at this station. When online, search the whole city, or register the person.</translation>
    </message>
    <message>
        <source>找到 {count} 人，请选择（↑↓ 回车）</source>
        <translation>{count} people found: choose one (↑↓ Enter)</translation>
    </message>
    <message>
        <source>出错了：{error}</source>
        <translation>Something went wrong: {error}</translation>
    </message>
    <message>
        <source>设备就绪</source>
        <translation>device ready</translation>
    </message>
    <message>
        <source>设备未连接</source>
        <translation>device not connected</translation>
    </message>
    <message>
        <source>{device}：{state}</source>
        <translation>{device}: {state}</translation>
    </message>
    <message>
        <source>{name}（{last4}）不在本站档案中：可全市查询或办理新登记。</source>
        <translation>{name} ({last4}) has no file at this station: search the whole city or register the person.</translation>
    </message>
</context>
<context>
    <name>LoginPanel</name>
    <message>
        <source>人社服务站 · 登录</source>
        <translation>RenShe Station · Log in</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>登录 (Enter)</source>
        <translation>Log in (Enter)</translation>
    </message>
    <message>
        <source>请输入用户名和密码</source>
        <translation>Enter your username and password</translation>
    </message>
    <message>
        <source>正在验证…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>离线登录（网络恢复后自动同步）</source>
        <translation>Logged in offline (changes sync when the network is back)</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>未注册</source>
        <translation>Not enrolled</translation>
    </message>
    <message>
        <source>在线 · 已同步</source>
        <translation>Online · synced</translation>
    </message>
    <message>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>离线 · 数据已保存在本机</source>
        <translation>Offline · data kept on this PC</translation>
    </message>
    <message>
        <source>同步出错</source>
        <translation>Sync failed</translation>
    </message>
    <message>
        <source>已同步 · 有冲突待主管处理</source>
        <translation>Synced · conflicts wait for a supervisor</translation>
    </message>
    <message>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>正在上传…</source>
        <translation>Uploading…</translation>
    </message>
    <message>
        <source>正在下载…</source>
        <translation>Downloading…</translation>
    </message>
    <message>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <source>刚刚</source>
        <translation>just now</translation>
    </message>
    <message>
        <source>{minutes} 分钟前</source>
        <translation>{minutes} min ago</translation>
    </message>
    <message>
        <source>上次同步：{ago}</source>
        <translation>Last sync: {ago}</translation>
    </message>
    <message>
        <source>待上传 {count} 条</source>
        <translation>{count} waiting to upload</translation>
    </message>
    <message>
        <source>冲突 {count} 条</source>
        <translation>{count} conflicts</translation>
    </message>
    <message>
        <source>被退回 {count} 条</source>
        <translation>{count} rejected</translation>
    </message>
    <message>
        <source>⚠ 本机时钟不准，请校准</source>
        <translation>⚠ This PC's clock is wrong: please set it right</translation>
    </message>
    <message>
        <source>同步状态未知</source>
        <translation>Sync status unknown</translation>
    </message>
    <message>
        <source>立即同步 (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
</context>
<context>
    <name>PersonFileView</name>
    <message>
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <source>女</source>
        <translation>female</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>⚠ 有冲突待主管处理</source>
        <translation>⚠ Conflict waiting for a supervisor</translation>
    </message>
    <message>
        <source>无重点群体标识</source>
        <translation>No target-group flags</translation>
    </message>
    <message>
        <source>【{flag}】</source>
        <translation>[{flag}]</translation>
    </message>
</context>
<context>
    <name>PersonFile</name>
    <message>
        <source>失业人员</source>
        <translation>Unemployed</translation>
    </message>
    <message>
        <source>就业困难人员</source>
        <translation>Hard to employ</translation>
    </message>
    <message>
        <source>零就业家庭</source>
        <translation>Zero-employment household</translation>
    </message>
    <message>
        <source>高校毕业生</source>
        <translation>College graduate</translation>
    </message>
    <message>
        <source>退役军人</source>
        <translation>Veteran</translation>
    </message>
    <message>
        <source>农民工</source>
        <translation>Migrant worker</translation>
    </message>
    <message>
        <source>失地农民</source>
        <translation>Land-lost farmer</translation>
    </message>
    <message>
        <source>灵活就业人员</source>
        <translation>Flexibly employed</translation>
    </message>
    <message>
        <source>技能人才</source>
        <translation>Skilled talent</translation>
    </message>
    <message>
        <source>求职登记</source>
        <translation>Job-seeker registration</translation>
    </message>
    <message>
        <source>失业登记</source>
        <translation>Unemployment registration</translation>
    </message>
    <message>
        <source>就业登记</source>
        <translation>Employment registration</translation>
    </message>
    <message>
        <source>就业困难人员认定</source>
        <translation>Hard-to-employ recognition</translation>
    </message>
    <message>
        <source>援助计划</source>
        <translation>Assistance plans</translation>
    </message>
    <message>
        <source>援助联系记录</source>
        <translation>Assistance contacts</translation>
    </message>
    <message>
        <source>职业指导</source>
        <translation>Career guidance</translation>
    </message>
    <message>
        <source>培训推荐</source>
        <translation>Training referrals</translation>
    </message>
    <message>
        <source>社会保险参保</source>
        <translation>Social-insurance enrolment</translation>
    </message>
    <message>
        <source>劳动争议调解</source>
        <translation>Labour-dispute mediation</translation>
    </message>
    <message>
        <source>劳动保障监察投诉</source>
        <translation>Labour-inspection complaints</translation>
    </message>
    <message>
        <source>档案业务</source>
        <translation>Archive requests</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>Service tickets</translation>
    </message>
    <message>
        <source>好差评</source>
        <translation>Service ratings</translation>
    </message>
    <message>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <source>就业创业证</source>
        <translation>Employment and Entrepreneurship Certificates</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>办理站点</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>登记编号</source>
        <translation>Registration no.</translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation>Matter no.</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>受理日期</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <source>办结时限</source>
        <translation>Due by</translation>
    </message>
    <message>
        <source>办结日期</source>
        <translation>Completed on</translation>
    </message>
    <message>
        <source>承办人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>有冲突</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>证书编号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <source>发证机构</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>最近年审日期</source>
        <translation>Last annual check</translation>
    </message>
</context>
<context>
    <name>InfoScreen</name>
    <message>
        <source>就业信息屏</source>
        <translation>Employment information screen</translation>
    </message>
    <message>
        <source>人社服务站</source>
        <translation>HRSS service station</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>信息更新于 {time}</source>
        <translation>Updated at {time}</translation>
    </message>
    <message>
        <source>就业信息</source>
        <translation>Employment information</translation>
    </message>
    <message>
        <source>正在读取信息…</source>
        <translation>Loading the information…</translation>
    </message>
    <message>
        <source>监督投诉电话：{phone}</source>
        <translation>Complaints hotline: {phone}</translation>
    </message>
    <message>
        <source>服务事项及办理时限</source>
        <translation>Services and time limits</translation>
    </message>
    <message>
        <source>政策公告</source>
        <translation>Policy notices</translation>
    </message>
    <message>
        <source>{date} 发布</source>
        <translation>issued {date}</translation>
    </message>
    <message>
        <source>{date} 起施行</source>
        <translation>in force from {date}</translation>
    </message>
    <message>
        <source>招聘信息</source>
        <translation>Vacancies</translation>
    </message>
    <message>
        <source>今日暂无在招岗位。欢迎到窗口办理求职登记，有合适岗位我们会及时联系您。</source>
        <translation>No open vacancies today. Register as a job seeker at the counter and we will contact you when a suitable job comes in.</translation>
    </message>
    <message>
        <source>招 {count} 人</source>
        <translation>{count} wanted</translation>
    </message>
    <message>
        <source>工作地点：{place}</source>
        <translation>Place of work: {place}</translation>
    </message>
    <message>
        <source>{low}–{high} 元/月</source>
        <translation>{low}–{high} yuan/month</translation>
    </message>
    <message>
        <source>{low} 元/月起</source>
        <translation>from {low} yuan/month</translation>
    </message>
    <message>
        <source>最高 {high} 元/月</source>
        <translation>up to {high} yuan/month</translation>
    </message>
    <message>
        <source>薪资面议</source>
        <translation>Wage negotiable</translation>
    </message>
    <message>
        <source>联系人：{name}　电话：{phone}</source>
        <translation>Contact: {name}  Phone: {phone}</translation>
    </message>
    <message>
        <source>详情请到窗口咨询</source>
        <translation>Ask at the counter for details</translation>
    </message>
    <message>
        <source>{days} 个工作日</source>
        <translation>{days} working days</translation>
    </message>
    <message>
        <source>yyyy年M月d日</source>
        <translation>d MMMM yyyy</translation>
    </message>
    <message>
        <source>yyyy年M月d日 dddd HH:mm</source>
        <translation>dddd d MMMM yyyy  HH:mm</translation>
    </message>
    <message>
        <source>{title}（{page}/{pages}）</source>
        <translation>{title} ({page}/{pages})</translation>
    </message>
    <message>
        <source>在招岗位 {count} 个</source>
        <translation>{count} open vacancies</translation>
    </message>
</context>
<context>
    <name>AuditReviewScreen</name>
    <message>
        <source>身份证号或人员编号</source>
        <translation>ID number or person number</translation>
    </message>
    <message>
        <source>工作人员账号</source>
        <translation>Staff account</translation>
    </message>
    <message>
        <source>站点编号（hub 为区级中心）</source>
        <translation>Station number ("hub" for the district centre)</translation>
    </message>
    <message>
        <source>查询 (Enter)</source>
        <translation>Search (Enter)</translation>
    </message>
    <message>
        <source>校验区级审计链</source>
        <translation>Verify the district audit chain</translation>
    </message>
    <message>
        <source>校验本站审计链</source>
        <translation>Verify this station's audit chain</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>工作人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>站点</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>日期格式应为 YYYY-MM-DD，例如 2025-03-01</source>
        <translation>Dates are written YYYY-MM-DD, for example 2025-03-01</translation>
    </message>
    <message>
        <source>开始日期不能晚于结束日期</source>
        <translation>The start date cannot be after the end date</translation>
    </message>
    <message>
        <source>正在查询…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>共 {n} 条记录</source>
        <translation>{n} records</translation>
    </message>
    <message>
        <source>正在校验区级审计链…</source>
        <translation>Verifying the district audit chain…</translation>
    </message>
    <message>
        <source>区级审计链完整：{c} 条链，共 {n} 条记录</source>
        <translation>District audit chain intact: {c} chains, {n} records</translation>
    </message>
    <message>
        <source>区级审计链断裂：站点 {s} 第 {q} 条（{why}），共 {k} 条链有断点</source>
        <translation>District audit chain broken: station {s}, record {q} ({why}); {k} chains have breaks</translation>
    </message>
    <message>
        <source>本站审计链完整：共 {n} 条记录</source>
        <translation>This station's audit chain is intact: {n} records</translation>
    </message>
    <message>
        <source>本站审计链断裂：</source>
        <translation>This station's audit chain is broken: </translation>
    </message>
    <message>
        <source>操作失败，请稍后重试或联系信息科</source>
        <translation>That did not work. Try again later or call the district IT office</translation>
    </message>
    <message>
        <source>审计查询</source>
        <translation>Audit review</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>记录缺失</source>
        <translation>entry missing</translation>
    </message>
    <message>
        <source>前后不衔接</source>
        <translation>entries out of order</translation>
    </message>
    <message>
        <source>内容被篡改</source>
        <translation>content altered</translation>
    </message>
</context>
<context>
    <name>CataloguePicker</name>
    <message>
        <source>受理事项 · 服务事项目录</source>
        <translation>Accept a matter · service catalogue</translation>
    </message>
    <message>
        <source>输入事项名称或编号筛选</source>
        <translation>Type a service name or number to filter</translation>
    </message>
    <message>
        <source>{0}个工作日</source>
        <translation>{0} working days</translation>
    </message>
    <message>
        <source>即办</source>
        <translation>done on the spot</translation>
    </message>
    <message>
        <source>{code}　{name}　· {when}</source>
        <translation>{code}  {name}  · {when}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>备注（可不填）</source>
        <translation>Notes (optional)</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>请从目录中选择一个事项</source>
        <translation>Choose a service from the catalogue</translation>
    </message>
</context>
<context>
    <name>ConflictQueue</name>
    <message>
        <source>已超期</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>字段冲突</source>
        <translation>Field conflict</translation>
    </message>
    <message>
        <source>修改遇删除</source>
        <translation>Edit meets deletion</translation>
    </message>
    <message>
        <source>删除遇修改</source>
        <translation>Deletion meets edit</translation>
    </message>
    <message>
        <source>重复登记</source>
        <translation>Duplicate registration</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>数据表</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Fields</translation>
    </message>
    <message>
        <source>提交站点</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>区域</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>发生时间</source>
        <translation>Raised at</translation>
    </message>
    <message>
        <source>天数</source>
        <translation>Days</translation>
    </message>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>全区</source>
        <translation>whole district</translation>
    </message>
</context>
<context>
    <name>ConflictsScreen</name>
    <message>
        <source>全部类型</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source> 天以上</source>
        <translation> days or more</translation>
    </message>
    <message>
        <source>区域代码前缀</source>
        <translation>Area code prefix</translation>
    </message>
    <message>
        <source> 天超期</source>
        <translation>-day limit</translation>
    </message>
    <message>
        <source>刷新 (Ctrl+R)</source>
        <translation>Refresh (Ctrl+R)</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>原值</source>
        <translation>Original value</translation>
    </message>
    <message>
        <source>中心值</source>
        <translation>District value</translation>
    </message>
    <message>
        <source>站点值</source>
        <translation>Station value</translation>
    </message>
    <message>
        <source>处理</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>处理理由（必填）</source>
        <translation>Reason for the decision (required)</translation>
    </message>
    <message>
        <source>提交处理 (Ctrl+Enter)</source>
        <translation>Submit decision (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>同类批量处理 (Ctrl+B)</source>
        <translation>Decide all similar ones (Ctrl+B)</translation>
    </message>
    <message>
        <source>处理理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>正在读取冲突列表…</source>
        <translation>Loading the conflicts…</translation>
    </message>
    <message>
        <source>全部数据表</source>
        <translation>All tables</translation>
    </message>
    <message>
        <source>共 {n} 条待处理，其中已超期 {late} 条</source>
        <translation>{n} waiting for a decision, {late} of them overdue</translation>
    </message>
    <message>
        <source>合并后的值</source>
        <translation>Merged value</translation>
    </message>
    <message>
        <source>站点 {station} 提交的修改于 {when} 与中心数据冲突（{kind}）</source>
        <translation>The change sent by station {station} on {when} conflicts with the district data ({kind})</translation>
    </message>
    <message>
        <source>；中心值由 {who}（{where}）于 {when} 修改</source>
        <translation>; the district value was changed by {who} ({where}) on {when}</translation>
    </message>
    <message>
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>请填写处理理由</source>
        <translation>Enter the reason for the decision</translation>
    </message>
    <message>
        <source>已处理，记录更新为第 {v} 版，将同步到各站点</source>
        <translation>Decided: the record is now version {v} and will be sent to every station</translation>
    </message>
    <message>
        <source>批量处理只能按字段保留一方的值，手工合并请逐条处理</source>
        <translation>A batch decision can only keep one side's value per field; merge by hand one conflict at a time</translation>
    </message>
    <message>
        <source>批量处理 {n} 条</source>
        <translation>{n} decided together</translation>
    </message>
    <message>
        <source>，{m} 条未处理：{why}</source>
        <translation>, {m} not decided: {why}</translation>
    </message>
    <message>
        <source>操作失败，请稍后重试或联系信息科</source>
        <translation>That did not work. Try again later or call the district IT office</translation>
    </message>
    <message>
        <source>冲突处理</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>保留中心值</source>
        <translation>Keep the district value</translation>
    </message>
    <message>
        <source>采用站点值</source>
        <translation>Take the station value</translation>
    </message>
    <message>
        <source>手工合并</source>
        <translation>Merge by hand</translation>
    </message>
    <message>
        <source>{field}：{message}</source>
        <translation>{field}: {message}</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>Evaluation</name>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>总体评价</source>
        <translation>Overall</translation>
    </message>
    <message>
        <source>办事效率</source>
        <translation>Speed</translation>
    </message>
    <message>
        <source>业务能力</source>
        <translation>Competence</translation>
    </message>
    <message>
        <source>服务态度</source>
        <translation>Courtesy</translation>
    </message>
    <message>
        <source>此人没有待评价的已办结事项</source>
        <translation>This person has no completed matter waiting for a rating</translation>
    </message>
    <message>
        <source>服务评价</source>
        <translation>Rate the service</translation>
    </message>
</context>
<context>
    <name>EvaluationDialog</name>
    <message>
        <source>服务评价</source>
        <translation>Rate the service</translation>
    </message>
    <message>
        <source>请您对本次服务作出评价</source>
        <translation>Please rate the service you received today</translation>
    </message>
    <message>
        <source>{item}　受理编号 {ticket_no}</source>
        <translation>{item}  matter no. {ticket_no}</translation>
    </message>
    <message>
        <source>意见或建议（可不填）</source>
        <translation>Comments or suggestions (optional)</translation>
    </message>
    <message>
        <source>提交评价 (Enter)</source>
        <translation>Submit rating (Enter)</translation>
    </message>
    <message>
        <source>暂不评价 (Esc)</source>
        <translation>Not now (Esc)</translation>
    </message>
    <message>
        <source>请选择总体评价</source>
        <translation>Choose an overall rating</translation>
    </message>
    <message>
        <source>评价已保存，谢谢！</source>
        <translation>Rating saved. Thank you!</translation>
    </message>
    <message>
        <source>（差评：请于 {0} 前整改并回访）</source>
        <translation> (poor rating: put it right and call the person back by {0})</translation>
    </message>
</context>
<context>
    <name>FirstRunPanel</name>
    <message>
        <source>首次使用 · 注册到区级中心</source>
        <translation>First use · enrol with the district centre</translation>
    </message>
    <message>
        <source>请输入区人社信息科提供的区级中心地址和一次性注册码（72小时内有效）。</source>
        <translation>Enter the district centre address and the one-time enrolment code from the district HRSS IT office (valid for 72 hours).</translation>
    </message>
    <message>
        <source>注册码</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <source>注册 (Enter)</source>
        <translation>Enrol (Enter)</translation>
    </message>
    <message>
        <source>区级中心地址</source>
        <translation>District centre address</translation>
    </message>
    <message>
        <source>地址应以 http:// 或 https:// 开头</source>
        <translation>The address must start with http:// or https://</translation>
    </message>
    <message>
        <source>请输入注册码</source>
        <translation>Enter the enrolment code</translation>
    </message>
    <message>
        <source>正在注册…</source>
        <translation>Enrolling…</translation>
    </message>
    <message>
        <source>注册成功：{name}（{code}）</source>
        <translation>Enrolled: {name} ({code})</translation>
    </message>
</context>
<context>
    <name>FormPicker</name>
    <message>
        <source>打印登记表</source>
        <translation>Print a form</translation>
    </message>
    <message>
        <source>选择要打印的登记表（↑↓ 回车）</source>
        <translation>Choose the form to print (↑↓ Enter)</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <source>{name}　{item}</source>
        <translation>{name}  {item}</translation>
    </message>
    <message>
        <source>未能查询全市档案，</source>
        <translation>The city records could not be searched; </translation>
    </message>
    <message>
        <source>{0}（{1}）已在全市人员档案中，请勿重复登记。</source>
        <translation>{0} (…{1}) is already in the city's records: do not register them again.</translation>
    </message>
    <message>
        <source>信息取自卡片，请核对并补充</source>
        <translation>details taken from the card: check them and fill in the rest</translation>
    </message>
    <message>
        <source>请录入证件上的信息</source>
        <translation>enter the details from the ID document</translation>
    </message>
    <message>
        <source>新人员登记</source>
        <translation>Register a new person</translation>
    </message>
    <message>
        <source>已登记：{0}。按 F6 为其办理业务。</source>
        <translation>Registered: {0}. Press F6 to record a service for them.</translation>
    </message>
    <message>
        <source>{item}已办结，受理单号 {ticket_no}</source>
        <translation>{item} completed, matter no. {ticket_no}</translation>
    </message>
    <message>
        <source>{item}已受理，受理单号 {ticket_no}，应于 {due_on} 前办结</source>
        <translation>{item} accepted, matter no. {ticket_no}, to be completed by {due_on}</translation>
    </message>
    <message>
        <source>{item}已受理，受理单号 {ticket_no}</source>
        <translation>{item} accepted, matter no. {ticket_no}</translation>
    </message>
    <message>
        <source>办理业务</source>
        <translation>Record a service</translation>
    </message>
    <message>
        <source>输入代码或名称筛选</source>
        <translation>Type a code or name to filter</translation>
    </message>
    <message>
        <source>未能保存，请重试；如仍不行请联系区人社局信息科。（{error}）</source>
        <translation>Not saved. Try again; if it still fails, call the district HRSS IT office. ({error})</translation>
    </message>
    <message>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>请更正标红的项目后再保存。</source>
        <translation>Correct the items marked in red, then save.</translation>
    </message>
    <message>
        <source>当场办结</source>
        <translation>done on the spot</translation>
    </message>
    <message>
        <source>{0}个工作日</source>
        <translation>{0} working days</translation>
    </message>
    <message>
        <source>{code}　{name}　（{limit}）</source>
        <translation>{code}  {name}  ({limit})</translation>
    </message>
    <message>
        <source>输入事项名称、拼音首字母或编号筛选，↑↓ 选择，回车办理</source>
        <translation>Type a service name, pinyin initials or number to filter; ↑↓ to choose, Enter to open</translation>
    </message>
    <message>
        <source>为 {0} 办理：</source>
        <translation>Service for {0}:</translation>
    </message>
    <message>
        <source>18位统一社会信用代码</source>
        <translation>18-character unified social credit code</translation>
    </message>
    <message>
        <source>“4050”人员</source>
        <translation>"4050" person (woman 40+ / man 50+)</translation>
    </message>
    <message>
        <source>争议事项</source>
        <translation>Matter in dispute</translation>
    </message>
    <message>
        <source>事实和理由</source>
        <translation>Facts and reasons</translation>
    </message>
    <message>
        <source>低保家庭成员</source>
        <translation>Member of a minimum-living-allowance household</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>元/月</source>
        <translation>yuan/month</translation>
    </message>
    <message>
        <source>全日制在校学生</source>
        <translation>Full-time student</translation>
    </message>
    <message>
        <source>公民身份号码</source>
        <translation>Citizen ID number</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>劳动合同类型</source>
        <translation>Labour contract type</translation>
    </message>
    <message>
        <source>单位地址</source>
        <translation>Employer address</translation>
    </message>
    <message>
        <source>原单位统一社会信用代码</source>
        <translation>Former employer's unified social credit code</translation>
    </message>
    <message>
        <source>原工作单位名称</source>
        <translation>Former employer's name</translation>
    </message>
    <message>
        <source>参保日期</source>
        <translation>Insured since</translation>
    </message>
    <message>
        <source>口头申请（已当场记录）</source>
        <translation>Oral application (written down at the counter)</translation>
    </message>
    <message>
        <source>合同开始日期</source>
        <translation>Contract start date</translation>
    </message>
    <message>
        <source>合同终止日期</source>
        <translation>Contract end date</translation>
    </message>
    <message>
        <source>困难类别</source>
        <translation>Hardship category</translation>
    </message>
    <message>
        <source>培训机构</source>
        <translation>Training provider</translation>
    </message>
    <message>
        <source>培训经历</source>
        <translation>Training history</translation>
    </message>
    <message>
        <source>培训职业（工种）</source>
        <translation>Trained occupation (trade)</translation>
    </message>
    <message>
        <source>培训项目</source>
        <translation>Training course</translation>
    </message>
    <message>
        <source>失业原因</source>
        <translation>Reason for unemployment</translation>
    </message>
    <message>
        <source>失业日期</source>
        <translation>Unemployed since</translation>
    </message>
    <message>
        <source>女性，原法定退休年龄55周岁</source>
        <translation>Woman whose original statutory retirement age was 55</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>婚姻状况</source>
        <translation>Marital status</translation>
    </message>
    <message>
        <source>家庭人均月收入</source>
        <translation>Household monthly income per person</translation>
    </message>
    <message>
        <source>就业形式</source>
        <translation>Form of employment</translation>
    </message>
    <message>
        <source>就业日期</source>
        <translation>Employed since</translation>
    </message>
    <message>
        <source>就业渠道</source>
        <translation>How the job was found</translation>
    </message>
    <message>
        <source>工作经历</source>
        <translation>Work history</translation>
    </message>
    <message>
        <source>已按月领取养老金</source>
        <translation>Already receives a monthly pension</translation>
    </message>
    <message>
        <source>已核验身份证件</source>
        <translation>ID document checked</translation>
    </message>
    <message>
        <source>常住地（村、社区）</source>
        <translation>Place of residence (village, community)</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>意向工作地点</source>
        <translation>Preferred place of work</translation>
    </message>
    <message>
        <source>户口性质</source>
        <translation>Household registration type</translation>
    </message>
    <message>
        <source>技能特长</source>
        <translation>Skills</translation>
    </message>
    <message>
        <source>投诉事实</source>
        <translation>Facts of the complaint</translation>
    </message>
    <message>
        <source>投诉人住址</source>
        <translation>Complainant's address</translation>
    </message>
    <message>
        <source>投诉人姓名</source>
        <translation>Complainant's name</translation>
    </message>
    <message>
        <source>投诉人工作单位</source>
        <translation>Complainant's employer</translation>
    </message>
    <message>
        <source>投诉人年龄</source>
        <translation>Complainant's age</translation>
    </message>
    <message>
        <source>投诉人性别</source>
        <translation>Complainant's sex</translation>
    </message>
    <message>
        <source>投诉人职业</source>
        <translation>Complainant's occupation</translation>
    </message>
    <message>
        <source>投诉请求</source>
        <translation>What the complainant asks for</translation>
    </message>
    <message>
        <source>指导内容</source>
        <translation>Guidance given</translation>
    </message>
    <message>
        <source>指导方式</source>
        <translation>How guidance was given</translation>
    </message>
    <message>
        <source>指导日期</source>
        <translation>Guidance date</translation>
    </message>
    <message>
        <source>指导结果</source>
        <translation>Guidance result</translation>
    </message>
    <message>
        <source>推荐日期</source>
        <translation>Referral date</translation>
    </message>
    <message>
        <source>援助方式</source>
        <translation>Form of assistance</translation>
    </message>
    <message>
        <source>援助类型</source>
        <translation>Type of assistance</translation>
    </message>
    <message>
        <source>收到日期</source>
        <translation>Date received</translation>
    </message>
    <message>
        <source>政治面貌</source>
        <translation>Political affiliation</translation>
    </message>
    <message>
        <source>文化程度</source>
        <translation>Education</translation>
    </message>
    <message>
        <source>月工资</source>
        <translation>Monthly wage</translation>
    </message>
    <message>
        <source>月收入</source>
        <translation>Monthly income</translation>
    </message>
    <message>
        <source>有劳动能力和就业意愿</source>
        <translation>Able and willing to work</translation>
    </message>
    <message>
        <source>服务内容</source>
        <translation>Service given</translation>
    </message>
    <message>
        <source>服务日期</source>
        <translation>Service date</translation>
    </message>
    <message>
        <source>期望月工资</source>
        <translation>Expected monthly wage</translation>
    </message>
    <message>
        <source>档案业务</source>
        <translation>File service</translation>
    </message>
    <message>
        <source>档案编号</source>
        <translation>File number</translation>
    </message>
    <message>
        <source>民族</source>
        <translation>Ethnic group</translation>
    </message>
    <message>
        <source>求职意向（职业）</source>
        <translation>Job wanted (occupation)</translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <source>注销原因</source>
        <translation>Reason for closing</translation>
    </message>
    <message>
        <source>注销日期</source>
        <translation>Closing date</translation>
    </message>
    <message>
        <source>灵活就业形式</source>
        <translation>Form of flexible employment</translation>
    </message>
    <message>
        <source>用人单位统一社会信用代码</source>
        <translation>Employer's unified social credit code</translation>
    </message>
    <message>
        <source>申请人姓名</source>
        <translation>Applicant's name</translation>
    </message>
    <message>
        <source>申请日期</source>
        <translation>Application date</translation>
    </message>
    <message>
        <source>留空按人员类别确定</source>
        <translation>leave blank to set it from the person's category</translation>
    </message>
    <message>
        <source>留空按身份证号确定</source>
        <translation>leave blank to take it from the ID number</translation>
    </message>
    <message>
        <source>登记地</source>
        <translation>Place of registration</translation>
    </message>
    <message>
        <source>登记日期</source>
        <translation>Registration date</translation>
    </message>
    <message>
        <source>登记有效期至</source>
        <translation>Registration valid until</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>职业（工种）</source>
        <translation>Occupation (trade)</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>被投诉单位名称</source>
        <translation>Name of the employer complained about</translation>
    </message>
    <message>
        <source>被投诉单位统一社会信用代码</source>
        <translation>Unified social credit code of the employer complained about</translation>
    </message>
    <message>
        <source>被申请人（单位名称）</source>
        <translation>Respondent (employer name)</translation>
    </message>
    <message>
        <source>被申请单位统一社会信用代码</source>
        <translation>Respondent's unified social credit code</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>请求事项</source>
        <translation>Claims</translation>
    </message>
    <message>
        <source>险种</source>
        <translation>Insurance type</translation>
    </message>
    <message>
        <source>申领类型</source>
        <translation>Application type</translation>
    </message>
    <message>
        <source>发证日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <source>原证编号</source>
        <translation>Old certificate number</translation>
    </message>
    <message>
        <source>补发、换发时核对原证</source>
        <translation>re-issue or exchange: checked against the old certificate</translation>
    </message>
    <message>
        <source>首次申领</source>
        <translation>First certificate</translation>
    </message>
    <message>
        <source>遗失补发</source>
        <translation>Re-issue (lost)</translation>
    </message>
    <message>
        <source>损毁或记满换发</source>
        <translation>Exchange (damaged or full)</translation>
    </message>
    <message>
        <source>户籍地</source>
        <translation>Place of household registration (hukou)</translation>
    </message>
    <message>
        <source>常住地</source>
        <translation>Place of residence</translation>
    </message>
    <message>
        <source>档案转入（接收）</source>
        <translation>File transfer in (intake)</translation>
    </message>
    <message>
        <source>档案查阅</source>
        <translation>File lookup</translation>
    </message>
    <message>
        <source>开具存档证明</source>
        <translation>Certificate of file custody</translation>
    </message>
    <message>
        <source>档案转出</source>
        <translation>File transfer out</translation>
    </message>
    <message>
        <source>待反馈</source>
        <translation>Awaiting reply</translation>
    </message>
    <message>
        <source>接受</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>拒绝</source>
        <translation>Refused</translation>
    </message>
</context>
<context>
    <name>HandOverDialog</name>
    <message>
        <source>移交/上报 · </source>
        <translation>Hand over / refer up · </translation>
    </message>
    <message>
        <source>（不移交给个人）</source>
        <translation>(not to a colleague)</translation>
    </message>
    <message>
        <source>（不在岗）</source>
        <translation> (away)</translation>
    </message>
    <message>
        <source>（不上报）</source>
        <translation>(not referred up)</translation>
    </message>
    <message>
        <source>必填：为什么移交（将记录在案）</source>
        <translation>Required: why it is handed over (this is kept on record)</translation>
    </message>
    <message>
        <source>现经办人：</source>
        <translation>Now handled by: </translation>
    </message>
    <message>
        <source>交给本站工作人员</source>
        <translation>To a colleague at this station</translation>
    </message>
    <message>
        <source>或上报至</source>
        <translation>Or refer up to</translation>
    </message>
    <message>
        <source>移交原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>MyDay</name>
    <message>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>On track</translation>
    </message>
    <message>
        <source>待补材料（时限暂停）</source>
        <translation>Waiting for materials (clock stopped)</translation>
    </message>
    <message>
        <source>我的待办</source>
        <translation>My day</translation>
    </message>
</context>
<context>
    <name>MyDayPanel</name>
    <message>
        <source>我的待办</source>
        <translation>My day</translation>
    </message>
    <message>
        <source>事项 / 人员</source>
        <translation>Matter / person</translation>
    </message>
    <message>
        <source>办事人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>刷新 (Ctrl+R)</source>
        <translation>Refresh (Ctrl+R)</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>{title}（{count}）</source>
        <translation>{title} ({count})</translation>
    </message>
    <message>
        <source>我的待办 · {0}　共 {1} 项</source>
        <translation>My day · {0}  {1} items</translation>
    </message>
    <message>
        <source>待跟进（定期联系 / 就业援助）</source>
        <translation>To follow up (regular contact / employment assistance)</translation>
    </message>
    <message>
        <source>（已过 {0} 天）</source>
        <translation> ({0} days late)</translation>
    </message>
    <message>
        <source>待评价（已办结未评价）</source>
        <translation>To be rated (completed, not yet rated)</translation>
    </message>
    <message>
        <source>时限暂停</source>
        <translation>clock stopped</translation>
    </message>
    <message>
        <source>（估算）</source>
        <translation> (estimated)</translation>
    </message>
    <message>
        <source>（单位）</source>
        <translation>(employer)</translation>
    </message>
</context>
<context>
    <name>PrintChoiceDialog</name>
    <message>
        <source>打印：</source>
        <translation>Print: </translation>
    </message>
    <message>
        <source>打印机：</source>
        <translation>Printer: </translation>
    </message>
    <message>
        <source>未安装</source>
        <translation>none installed</translation>
    </message>
    <message>
        <source>保存为 PDF 文件：</source>
        <translation>Save as a PDF file:</translation>
    </message>
    <message>
        <source>打印 (Enter)</source>
        <translation>Print (Enter)</translation>
    </message>
    <message>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>请填写要保存的 PDF 文件名</source>
        <translation>Enter the name of the PDF file to save</translation>
    </message>
</context>
<context>
    <name>PrintFlow</name>
    <message>
        <source>人社服务站打印</source>
        <translation>RenShe Station prints</translation>
    </message>
    <message>
        <source>正在准备打印…</source>
        <translation>Preparing to print…</translation>
    </message>
    <message>
        <source>已打印：</source>
        <translation>Printed: </translation>
    </message>
    <message>
        <source>打印失败：</source>
        <translation>Printing failed: </translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>出错了，请重试；如仍不行请联系区人社局信息科：</source>
        <translation>Something went wrong. Try again; if it still fails, call the district HRSS IT office: </translation>
    </message>
    <message>
        <source>此人暂无可打印的登记表</source>
        <translation>This person has no form to print yet</translation>
    </message>
    <message>
        <source>打印登记表</source>
        <translation>Print a form</translation>
    </message>
    <message>
        <source>编号：{number}</source>
        <translation>No. {number}</translation>
    </message>
    <message>
        <source>无法打开打印机或文件：请检查打印机是否就绪、文件位置是否可写</source>
        <translation>Cannot open the printer or the file: check that the printer is ready and the folder can be written to</translation>
    </message>
    <message>
        <source>第 {0}/{1} 页</source>
        <translation>Page {0} of {1}</translation>
    </message>
    <message>
        <source>无法保存到“{0}”：请换一个文件夹或文件名</source>
        <translation>Cannot save to "{0}": choose another folder or file name</translation>
    </message>
</context>
<context>
    <name>SavingDialog</name>
    <message>
        <source>确定 (Enter)</source>
        <translation>OK (Enter)</translation>
    </message>
    <message>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <source>变更状态 · </source>
        <translation>Change status · </translation>
    </message>
    <message>
        <source>缺少的材料（空格勾选，须一次列全）</source>
        <translation>Missing materials (Space ticks; list them all at once)</translation>
    </message>
    <message>
        <source>当前状态：</source>
        <translation>Current status: </translation>
    </message>
    <message>
        <source>改为</source>
        <translation>Change to</translation>
    </message>
    <message>
        <source>不予办理的理由（必填）</source>
        <translation>Reason for refusing (required)</translation>
    </message>
    <message>
        <source>说明（可不填）</source>
        <translation>Notes (optional)</translation>
    </message>
</context>
<context>
    <name>SyncDetail</name>
    <message>
        <source>新增</source>
        <translation>new</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>changed</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>deleted</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>restored</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>数据表</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>修改时间</source>
        <translation>Changed at</translation>
    </message>
    <message>
        <source>区级中心退回原因</source>
        <translation>Why the district centre sent it back</translation>
    </message>
    <message>
        <source>已处理，移除提示 (Del)</source>
        <translation>Dealt with: remove the notice (Del)</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>待上传 {count} 条</source>
        <translation>{count} waiting to upload</translation>
    </message>
    <message>
        <source>被区级中心退回 {count} 条（不会自动重试，请核对后移除）</source>
        <translation>{count} sent back by the district centre (not retried automatically: check them, then remove them)</translation>
    </message>
    <message>
        <source>同步详情</source>
        <translation>Sync details</translation>
    </message>
</context>
<context>
    <name>TicketsPanel</name>
    <message>
        <source>已超期</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>due soon</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>on track</translation>
    </message>
    <message>
        <source>按时办结</source>
        <translation>completed on time</translation>
    </message>
    <message>
        <source>超期办结</source>
        <translation>completed late</translation>
    </message>
    <message>
        <source>受理编号</source>
        <translation>Matter no.</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>受理日期</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <source>办结期限</source>
        <translation>Due by</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>变更状态</source>
        <translation>Change status</translation>
    </message>
    <message>
        <source>缺材料告知</source>
        <translation>Missing materials notice</translation>
    </message>
    <message>
        <source>移交/上报</source>
        <translation>Hand over / refer up</translation>
    </message>
    <message>
        <source>打印回执</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>打印告知书</source>
        <translation>Print notice</translation>
    </message>
    <message>
        <source>服务评价</source>
        <translation>Rate the service</translation>
    </message>
    <message>
        <source>办件：请先打开办事人档案（F2）</source>
        <translation>Matters: open the person's file first (F2)</translation>
    </message>
    <message>
        <source>{0} 的办件</source>
        <translation>Matters of {0}</translation>
    </message>
    <message>
        <source>时限暂停（材料补齐后重新计时）</source>
        <translation>Clock stopped (restarts when the materials are complete)</translation>
    </message>
    <message>
        <source>此人暂无办件。按 F7 受理事项。</source>
        <translation>This person has no matters. Press F7 to accept one.</translation>
    </message>
    <message>
        <source>首问负责人：{0}　经办人：{1}</source>
        <translation>First contact: {0}  Handled by: {1}</translation>
    </message>
    <message>
        <source>待补材料：</source>
        <translation>Materials missing: </translation>
    </message>
    <message>
        <source>已评价</source>
        <translation>Rated</translation>
    </message>
    <message>
        <source>移交：</source>
        <translation>Handed over: </translation>
    </message>
    <message>
        <source>{0} 已改为“{1}”</source>
        <translation>{0} is now "{1}"</translation>
    </message>
    <message>
        <source>{0} 已移交，原因已记录</source>
        <translation>{0} handed over; the reason is on record</translation>
    </message>
    <message>
        <source>已受理，受理编号 {0}，承诺办结日期 {1}</source>
        <translation>Accepted: matter no. {0}, promised by {1}</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>Matters</translation>
    </message>
    <message>
        <source>受理事项</source>
        <translation>Accept a matter</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{due}（{state}）</source>
        <translation>{due} ({state})</translation>
    </message>
</context>
<context>
    <name>TicketStatus</name>
    <message>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>办理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>待补材料</source>
        <translation>Waiting for materials</translation>
    </message>
    <message>
        <source>已上报</source>
        <translation>Referred up</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>不予办理</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>已撤回</source>
        <translation>Withdrawn</translation>
    </message>
</context>
<context>
    <name>EmployersTab</name>
    <message>
        <source>招聘中</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>未到期开始</source>
        <translation>Not yet started</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>已招满</source>
        <translation>Filled</translation>
    </message>
    <message>
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>单位名称、拼音首字母或统一社会信用代码 (Ctrl+F)</source>
        <translation>Employer name, pinyin initials or unified social credit code (Ctrl+F)</translation>
    </message>
    <message>
        <source>登记新单位 (Ctrl+U)</source>
        <translation>Register an employer (Ctrl+U)</translation>
    </message>
    <message>
        <source>查找或登记用人单位</source>
        <translation>Find or register an employer</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Vacancy</translation>
    </message>
    <message>
        <source>职业</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <source>人数</source>
        <translation>Openings</translation>
    </message>
    <message>
        <source>月薪（元）</source>
        <translation>Monthly wage (CNY)</translation>
    </message>
    <message>
        <source>工作地点</source>
        <translation>Place of work</translation>
    </message>
    <message>
        <source>有效期</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>新增岗位</source>
        <translation>Add vacancy</translation>
    </message>
    <message>
        <source>修改岗位</source>
        <translation>Edit vacancy</translation>
    </message>
    <message>
        <source>关闭岗位</source>
        <translation>Close vacancy</translation>
    </message>
    <message>
        <source>匹配求职者 (Enter)</source>
        <translation>Match job seekers (Enter)</translation>
    </message>
    <message>
        <source>出错了：{error}</source>
        <translation>Something went wrong: {error}</translation>
    </message>
    <message>
        <source>未找到该单位，可登记新单位 (Ctrl+U)</source>
        <translation>Employer not found: you can register it (Ctrl+U)</translation>
    </message>
    <message>
        <source>长期</source>
        <translation>open-ended</translation>
    </message>
    <message>
        <source>面议</source>
        <translation>Negotiable</translation>
    </message>
    <message>
        <source>单位所在地</source>
        <translation>Employer's location</translation>
    </message>
    <message>
        <source>单位已登记：{name}</source>
        <translation>Employer registered: {name}</translation>
    </message>
    <message>
        <source>岗位已保存：{title}</source>
        <translation>Vacancy saved: {title}</translation>
    </message>
    <message>
        <source>再按一次“关闭岗位 (Ctrl+D)”确认停止招聘：{title}</source>
        <translation>Press “Close vacancy (Ctrl+D)” again to confirm that hiring stops: {title}</translation>
    </message>
    <message>
        <source>岗位已关闭：{title}</source>
        <translation>Vacancy closed: {title}</translation>
    </message>
    <message>
        <source>用人单位与岗位</source>
        <translation>Employers and vacancies</translation>
    </message>
    <message>
        <source>保存 (Enter)</source>
        <translation>Save (Enter)</translation>
    </message>
    <message>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>登记用人单位</source>
        <translation>Register an employer</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>18位，如 91320115…</source>
        <translation>18 characters, e.g. 91320115…</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>Employer name</translation>
    </message>
    <message>
        <source>所在街道/社区</source>
        <translation>Subdistrict / community</translation>
    </message>
    <message>
        <source>输入名称或代码选择</source>
        <translation>Type a name or code to choose</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Contact phone</translation>
    </message>
    <message>
        <source>岗位名称</source>
        <translation>Job title</translation>
    </message>
    <message>
        <source>输入职业名称或代码选择</source>
        <translation>Type an occupation name or code to choose</translation>
    </message>
    <message>
        <source>招聘人数</source>
        <translation>Number of openings</translation>
    </message>
    <message>
        <source>最低月薪（元）</source>
        <translation>Minimum monthly wage (CNY)</translation>
    </message>
    <message>
        <source>可不填</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>最高月薪（元）</source>
        <translation>Maximum monthly wage (CNY)</translation>
    </message>
    <message>
        <source>不填则按单位所在地</source>
        <translation>leave blank for the employer's location</translation>
    </message>
    <message>
        <source>有效期起</source>
        <translation>Valid from</translation>
    </message>
    <message>
        <source>年-月-日</source>
        <translation>year-month-day</translation>
    </message>
    <message>
        <source>有效期止</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>年-月-日，不填为长期</source>
        <translation>year-month-day; leave blank for open-ended</translation>
    </message>
    <message>
        <source>技能要求</source>
        <translation>Skills required</translation>
    </message>
    <message>
        <source>技能代码，逗号分隔</source>
        <translation>skill codes, separated by commas</translation>
    </message>
    <message>
        <source>其他要求</source>
        <translation>Other requirements</translation>
    </message>
</context>
<context>
    <name>MatchPanel</name>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>月薪面议</source>
        <translation>wage negotiable</translation>
    </message>
    <message>
        <source>月薪 {low}–{high} 元</source>
        <translation>monthly wage CNY {low}–{high}</translation>
    </message>
    <message>
        <source>（{employer}）</source>
        <translation> ({employer})</translation>
    </message>
    <message>
        <source>推荐岗位：{title}{employer}</source>
        <translation>Recommended vacancy: {title}{employer}</translation>
    </message>
    <message>
        <source>；{reasons}</source>
        <translation>; {reasons}</translation>
    </message>
    <message>
        <source>至 {date}</source>
        <translation>until {date}</translation>
    </message>
    <message>
        <source>长期有效</source>
        <translation>open-ended</translation>
    </message>
    <message>
        <source>{detail}　招 {count} 人　{until}</source>
        <translation>{detail} · {count} wanted · {until}</translation>
    </message>
    <message>
        <source>【{group}】</source>
        <translation>[{group}]</translation>
    </message>
    <message>
        <source>期望月薪 {wage} 元</source>
        <translation>expects CNY {wage} a month</translation>
    </message>
    <message>
        <source>期望月薪未填</source>
        <translation>expected wage not given</translation>
    </message>
    <message>
        <source>{groups}{wage}　求职登记于 {date}</source>
        <translation>{groups}{wage} · registered as a job seeker on {date}</translation>
    </message>
    <message>
        <source>推荐说明（可修改）</source>
        <translation>Recommendation note (can be edited)</translation>
    </message>
    <message>
        <source>推荐 (Enter)</source>
        <translation>Recommend (Enter)</translation>
    </message>
    <message>
        <source>为 {name} 推荐岗位</source>
        <translation>Vacancies to recommend to {name}</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Vacancy</translation>
    </message>
    <message>
        <source>共 {count} 个岗位，按匹配分排列：↑↓ 选择，回车推荐</source>
        <translation>{count} vacancies, best match first: ↑↓ to choose, Enter to recommend</translation>
    </message>
    <message>
        <source>为岗位“{title}”匹配求职者</source>
        <translation>Job seekers matching the vacancy “{title}”</translation>
    </message>
    <message>
        <source>求职者</source>
        <translation>Job seeker</translation>
    </message>
    <message>
        <source>共 {count} 位求职者，按匹配分排列：↑↓ 选择，回车推荐</source>
        <translation>{count} job seekers, best match first: ↑↓ to choose, Enter to recommend</translation>
    </message>
    <message>
        <source>匹配分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>情况</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>匹配理由</source>
        <translation>Why it matches</translation>
    </message>
    <message>
        <source>需注意</source>
        <translation>Points to note</translation>
    </message>
    <message>
        <source>推荐</source>
        <translation>Recommended</translation>
    </message>
    <message>
        <source>正在匹配…</source>
        <translation>Matching…</translation>
    </message>
    <message>
        <source>暂无合适的匹配</source>
        <translation>No suitable match for now</translation>
    </message>
    <message>
        <source>已推荐 ✓</source>
        <translation>Recommended ✓</translation>
    </message>
    <message>
        <source>匹配理由：{reasons}　需注意：{cautions}</source>
        <translation>Why it matches: {reasons} · Points to note: {cautions}</translation>
    </message>
    <message>
        <source>正在记录推荐…</source>
        <translation>Recording the recommendation…</translation>
    </message>
    <message>
        <source>已推荐“{name}”，已记入援助联系记录（{date}）</source>
        <translation>Recommended “{name}”, recorded as an assistance contact ({date})</translation>
    </message>
    <message>
        <source>在“办事”页打开一个人的档案后按 F9，或在“用人单位与岗位”中选择岗位后按回车</source>
        <translation>Open a person's file on the “Services” page and press F9, or choose a vacancy under “Employers and vacancies” and press Enter</translation>
    </message>
    <message>
        <source>岗位推荐</source>
        <translation>Job matches</translation>
    </message>
</context>
<context>
    <name>MatchNotes</name>
    <message>
        <source>职业对口</source>
        <translation>occupation matches</translation>
    </message>
    <message>
        <source>职业相近（同一中类）</source>
        <translation>similar occupation (same medium group)</translation>
    </message>
    <message>
        <source>同属一个职业大类</source>
        <translation>same major occupation group</translation>
    </message>
    <message>
        <source>职业不对口</source>
        <translation>different occupation</translation>
    </message>
    <message>
        <source>同一社区（村）</source>
        <translation>same community (village)</translation>
    </message>
    <message>
        <source>同一街道（乡镇）</source>
        <translation>same street (town)</translation>
    </message>
    <message>
        <source>同一区县</source>
        <translation>same district</translation>
    </message>
    <message>
        <source>不在同一区县</source>
        <translation>not in the same district</translation>
    </message>
    <message>
        <source>薪资符合期望</source>
        <translation>pay meets expectations</translation>
    </message>
    <message>
        <source>薪资在岗位范围内</source>
        <translation>expected pay within the job's range</translation>
    </message>
    <message>
        <source>薪资略低于期望</source>
        <translation>pay slightly below expectations</translation>
    </message>
    <message>
        <source>薪资低于期望</source>
        <translation>pay below expectations</translation>
    </message>
    <message>
        <source>技能全部符合</source>
        <translation>has every skill listed</translation>
    </message>
    <message>
        <source>技能部分符合（{have}/{wanted}）</source>
        <translation>has some of the skills ({have}/{wanted})</translation>
    </message>
    <message>
        <source>不具备所列技能</source>
        <translation>lacks the skills listed</translation>
    </message>
    <message>
        <source>{group}（优先）</source>
        <translation>{group} (priority)</translation>
    </message>
    <message>
        <source>已推荐过此岗位</source>
        <translation>already offered this job</translation>
    </message>
    <message>
        <source>零就业家庭成员</source>
        <translation>Zero-employment household member</translation>
    </message>
    <message>
        <source>就业困难人员</source>
        <translation>Hard-to-employ person</translation>
    </message>
    <message>
        <source>长期失业人员</source>
        <translation>Long-term unemployed</translation>
    </message>
    <message>
        <source>高校毕业生</source>
        <translation>College graduate</translation>
    </message>
    <message>
        <source>退役军人</source>
        <translation>Veteran</translation>
    </message>
    <message>
        <source>失地农民</source>
        <translation>Land-lost farmer</translation>
    </message>
</context>
<context>
    <name>FollowUps</name>
    <message>
        <source>失业人员定期联系</source>
        <translation>Regular contact (registered unemployed)</translation>
    </message>
    <message>
        <source>就业援助回访</source>
        <translation>Employment-assistance round</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>上次联系 {date}</source>
        <translation>last contact {date}</translation>
    </message>
    <message>
        <source>{date}登记后未联系</source>
        <translation>not contacted since registering on {date}</translation>
    </message>
    <message>
        <source>应每{n}个月联系一次（登记号 {number}）</source>
        <translation>to be contacted every {n} month(s) (registration no. {number})</translation>
    </message>
    <message>
        <source>应每{n}天联系一次（登记号 {number}）</source>
        <translation>to be contacted every {n} days (registration no. {number})</translation>
    </message>
    <message>
        <source>尚未制定援助计划</source>
        <translation>no assistance plan yet</translation>
    </message>
    <message>
        <source>职业指导还差{n}次</source>
        <translation>{n} more career-guidance session(s) due</translation>
    </message>
    <message>
        <source>岗位推荐还差{n}个</source>
        <translation>{n} more job offer(s) due</translation>
    </message>
    <message>
        <source>零就业家庭推荐轮次{rounds}/{needed}</source>
        <translation>zero-employment household offer rounds {rounds}/{needed}</translation>
    </message>
    <message>
        <source>援助标准已达到，本期回访</source>
        <translation>assistance standard met; this period's round due</translation>
    </message>
    <message>
        <source>安置期限 {date}</source>
        <translation>to be placed by {date}</translation>
    </message>
    <message>
        <source>安置期限 {date}（已超期）</source>
        <translation>to be placed by {date} (overdue)</translation>
    </message>
</context>
<context>
    <name>ApprovalsScreen</name>
    <message>
        <source>刷新 (Ctrl+R)</source>
        <translation>Refresh (Ctrl+R)</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Matter</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>当前环节</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>正在读取待审批事项…</source>
        <translation>Reading the approvals waiting…</translation>
    </message>
    <message>
        <source>（估算）</source>
        <translation> (estimated)</translation>
    </message>
    <message>
        <source>待审批 {n} 件，其中已超期 {late} 件</source>
        <translation>{n} waiting for approval, {late} of them overdue</translation>
    </message>
    <message>
        <source>督办（已超期）</source>
        <translation>Chase up (overdue)</translation>
    </message>
    <message>
        <source>公示中</source>
        <translation>Public notice running</translation>
    </message>
    <message>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>On track</translation>
    </message>
    <message>
        <source>正在保存决定…</source>
        <translation>Saving the decision…</translation>
    </message>
    <message>
        <source>保存失败，请稍后重试或联系信息科</source>
        <translation>Not saved: try again later or call district IT</translation>
    </message>
    <message>
        <source>读取失败，请稍后重试</source>
        <translation>Could not read the list: try again later</translation>
    </message>
    <message>
        <source>审核审批</source>
        <translation>Approvals</translation>
    </message>
</context>
<context>
    <name>DecisionPanel</name>
    <message>
        <source>审核意见；不通过时必填理由</source>
        <translation>Comments; a reason is required to refuse</translation>
    </message>
    <message>
        <source>再次输入本人登录密码</source>
        <translation>Enter your login password again</translation>
    </message>
    <message>
        <source>提交决定 (Ctrl+Enter)</source>
        <translation>Submit the decision (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>意见/理由</source>
        <translation>Comments / reason</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>已有决定</source>
        <translation>Decisions so far</translation>
    </message>
    <message>
        <source>在左侧选择一件申请（↑↓），Tab 到结论、理由和密码</source>
        <translation>Choose an application on the left (↑↓), then Tab to the result, the reason and the password</translation>
    </message>
    <message>
        <source>{matter}：{name}　{number}</source>
        <translation>{matter}: {name} {number}</translation>
    </message>
    <message>
        <source>申请日期：{applied}　受理单：{ticket}</source>
        <translation>Applied on: {applied} · Ticket: {ticket}</translation>
    </message>
    <message>
        <source>当前环节：{step}，期限 {due}</source>
        <translation>Step: {step}, due {due}</translation>
    </message>
    <message>
        <source>通过</source>
        <translation>Pass</translation>
    </message>
    <message>
        <source>不通过</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>{step}：{verdict}（{who}，{on}）</source>
        <translation>{step}: {verdict} ({who}, {on})</translation>
    </message>
    <message>
        <source>{line}　意见：{reason}</source>
        <translation>{line} — {reason}</translation>
    </message>
    <message>
        <source>（尚无）</source>
        <translation>(none yet)</translation>
    </message>
    <message>
        <source>异议成立（不通过）</source>
        <translation>Objection upheld (refuse)</translation>
    </message>
    <message>
        <source>通过（{outcome}）</source>
        <translation>Pass ({outcome})</translation>
    </message>
    <message>
        <source>不通过（{outcome}）</source>
        <translation>Refuse ({outcome})</translation>
    </message>
    <message>
        <source>已超期，转您督办；由本环节的审核人员办理</source>
        <translation>Overdue and passed to you to chase up; the reviewers of this step decide it</translation>
    </message>
    <message>
        <source>不通过须填写理由</source>
        <translation>Give the reason for refusing</translation>
    </message>
    <message>
        <source>请再次输入密码以确认本人决定</source>
        <translation>Enter your password again to confirm the decision is yours</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <source>绩效看板</source>
        <translation>Performance dashboard</translation>
    </message>
    <message>
        <source>Enter 下一级 · Ctrl+T 办件明细 · Backspace/Alt+← 返回上级 · Ctrl+PgUp/PgDown 上一期/下一期 · Ctrl+1…7 指标</source>
        <translation>Enter: down a level · Ctrl+T: the matters · Backspace/Alt+←: back up · Ctrl+PgUp/PgDown: previous/next period · Ctrl+1…7: measure</translation>
    </message>
    <message>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>区级中心</source>
        <translation>the district hub</translation>
    </message>
    <message>
        <source>本站数据</source>
        <translation>this station's own data</translation>
    </message>
    <message>
        <source>数据来源：{source} · 截至 {day}</source>
        <translation>Figures from {source} · as of {day}</translation>
    </message>
    <message>
        <source>无法连接区级中心，显示本站数据：{why}</source>
        <translation>the hub cannot be reached, showing this station's own figures: {why}</translation>
    </message>
    <message>
        <source>{years} 年无官方日历，工作日按周一至周五估算</source>
        <translation>no official calendar for {years}: working days estimated as Monday to Friday</translation>
    </message>
    <message>
        <source>正在读取办件…</source>
        <translation>Reading the matters…</translation>
    </message>
    <message>
        <source>{unit} · {measure} · {period}</source>
        <translation>{unit} · {measure} · {period}</translation>
    </message>
    <message>
        <source>办件明细</source>
        <translation>Matters</translation>
    </message>
    <message>
        <source>此办件没有办事人档案（单位办件）</source>
        <translation>This matter has no person's file (an employer's matter)</translation>
    </message>
    <message>
        <source>本站没有此办事人的档案，请在办理站点（{station}）查看</source>
        <translation>This station holds no file of this person; look it up at the station that handled it ({station})</translation>
    </message>
    <message>
        <source>统计失败，请稍后重试或联系信息科</source>
        <translation>The figures could not be made; try again later or call district IT</translation>
    </message>
    <message>
        <source>办结件数（服务量）</source>
        <translation>Services delivered</translation>
    </message>
    <message>
        <source>按时办结</source>
        <translation>Completed on time</translation>
    </message>
    <message>
        <source>超期办结</source>
        <translation>Completed late</translation>
    </message>
    <message>
        <source>逾期未办结</source>
        <translation>Open and overdue</translation>
    </message>
    <message>
        <source>受理件数</source>
        <translation>Matters accepted</translation>
    </message>
    <message>
        <source>平均办结用时（工作日）</source>
        <translation>Average completion (working days)</translation>
    </message>
    <message>
        <source>满意度评价（平均分）</source>
        <translation>Satisfaction rating (average)</translation>
    </message>
    <message>
        <source>月度</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>季度</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>区（县）</source>
        <translation>District</translation>
    </message>
    <message>
        <source>街道（乡镇）</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>社区（村）</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>服务站</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>经办人员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>例如 2026-10、2026-Q4、2026，回车确认</source>
        <translation>e.g. 2026-10, 2026-Q4 or 2026; Enter to confirm</translation>
    </message>
    <message>
        <source>统计期(&amp;P)</source>
        <translation>&amp;Period</translation>
    </message>
    <message>
        <source>指标(&amp;M)</source>
        <translation>&amp;Measure</translation>
    </message>
    <message>
        <source>上一期 (Ctrl+PgUp)</source>
        <translation>Previous (Ctrl+PgUp)</translation>
    </message>
    <message>
        <source>下一期 (Ctrl+PgDown)</source>
        <translation>Next (Ctrl+PgDown)</translation>
    </message>
    <message>
        <source>刷新 (Ctrl+R)</source>
        <translation>Refresh (Ctrl+R)</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>本期</source>
        <translation>This period</translation>
    </message>
    <message>
        <source>上期</source>
        <translation>Last period</translation>
    </message>
    <message>
        <source>增减</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>统计期 {period} 尚未开始</source>
        <translation>The period {period} has not started</translation>
    </message>
    <message>
        <source>本期 {period}</source>
        <translation>This period {period}</translation>
    </message>
    <message>
        <source>上期 {period}</source>
        <translation>Last period {period}</translation>
    </message>
    <message>
        <source>受理编号</source>
        <translation>Matter no.</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>办事人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>站点</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>受理日期</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>办结期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>办结日期</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>用时（工作日）</source>
        <translation>Working days</translation>
    </message>
    <message>
        <source>评分</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>评价日期</source>
        <translation>Rated on</translation>
    </message>
    <message>
        <source>共 {total} 件，显示前 {shown} 件</source>
        <translation>{total} matters, the first {shown} shown</translation>
    </message>
    <message>
        <source>共 {total} 条评价（Enter 打开办事人档案）</source>
        <translation>{total} ratings (Enter opens the person's file)</translation>
    </message>
    <message>
        <source>共 {total} 件（Enter 打开办事人档案）</source>
        <translation>{total} matters (Enter opens the person's file)</translation>
    </message>
</context>
</TS>
