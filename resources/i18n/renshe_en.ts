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
</TS>
