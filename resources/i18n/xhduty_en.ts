<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AlertBar</name>
    <message>
        <location filename="../../xhduty/ui/main_window.py" line="+55"/>
        <source>……另有 {n} 条提醒</source>
        <translation>… and {n} more reminders</translation>
    </message>
</context>
<context>
    <name>AttachmentsStrip</name>
    <message>
        <location filename="../../xhduty/ui/attachments.py" line="+68"/>
        <source>添加文件… (Ctrl+Shift+A)</source>
        <translation>Add file… (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>拖入文件、粘贴（Ctrl+V）或点“添加文件”</source>
        <translation>Drop files, paste (Ctrl+V) or click &quot;Add file&quot;</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>添加文件…</source>
        <translation>Add file…</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>下载未下载的 {n} 个文件</source>
        <translation>Download the {n} files not yet here</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+86"/>
        <location line="+36"/>
        <location line="+1"/>
        <source>未下载</source>
        <translation>Not downloaded</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>{label}：{name}（未下载：双击或按 Enter 从同步中心下载）</source>
        <translation>{label}: {name} (not downloaded: double-click or press Enter to download it from the hub)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>选择要附加的文件</source>
        <translation>Choose files to attach</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>正在检查并保存 {name}…</source>
        <translation>Checking and saving {name}…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>已附加 {name}</source>
        <translation>Attached {name}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>正在从同步中心下载 {n} 个文件…</source>
        <translation>Downloading {n} files from the hub…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>已下载</source>
        <translation>Downloaded</translation>
    </message>
    <message>
        <location line="-64"/>
        <location line="+7"/>
        <location line="+11"/>
        <location line="+1"/>
        <source>未附加</source>
        <translation>Not attached</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>已附加 {name}（随记录保存）</source>
        <translation>Attached {name} (saved with the record)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{name} 尚未下载到本站。现在从同步中心下载？</source>
        <translation>{name} has not been downloaded to this station. Download it from the hub now?</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>移除附件</source>
        <translation>Remove attachment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>从本记录移除 {name}？（文件仍留存于本站，可追溯）</source>
        <translation>Remove {name} from this record? (The file stays on this station and can be traced.)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>未移除</source>
        <translation>Not removed</translation>
    </message>
</context>
<context>
    <name>AvailablePane</name>
    <message>
        <location filename="../../xhduty/ui/resources/available.py" line="+72"/>
        <source>只看名称含…（如 沙袋 水泵）</source>
        <translation>Only names containing… (e.g. sandbag pump)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>事件</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>街镇</source>
        <translation>Subdistrict</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>调派物资…</source>
        <translation>Dispatch supplies…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+114"/>
        <location line="+2"/>
        <source>调派队伍</source>
        <translation>Dispatch team</translation>
    </message>
    <message>
        <location line="-114"/>
        <source>设置相邻街镇…</source>
        <translation>Set neighbouring divisions…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>物资</source>
        <translation>Item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>队伍</source>
        <translation>Team</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>避难场所</source>
        <translation>Shelters</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>（不针对事件，按街镇查找）</source>
        <translation>(no incident; search by subdistrict)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>（未设置）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>先列 {d}（蓝），再列相邻街镇 {n}（绿），最后是其他街镇。</source>
        <translation>{d} first (blue), then its neighbours {n} (green), then the other divisions.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>调派</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>请先在上方选择事件：调派记入事件时间线和值班日志。</source>
        <translation>Choose an incident above first: a dispatch goes into the incident timeline and the duty log.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>请先在队伍列表中选中一支队伍。</source>
        <translation>Select a team in the team list first.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>调派「{t}」赶赴「{i}」？</source>
        <translation>Dispatch “{t}” to “{i}”?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>未调派</source>
        <translation>Not dispatched</translation>
    </message>
</context>
<context>
    <name>BoardPanel</name>
    <message>
        <location filename="../../xhduty/ui/stats/board_view.py" line="+111"/>
        <source>在岗人员</source>
        <translation>On duty</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>预警信号与响应</source>
        <translation>Warning signals and responses</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>进行中的通知</source>
        <translation>Notifications in progress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未结事件（按等级）</source>
        <translation>Open incidents (by level)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>超时未报告、未办结</source>
        <translation>Overdue reports and tasks</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>低于最低库存</source>
        <translation>Below minimum stock</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>值班态势暂时无法刷新：{m}</source>
        <translation>The duty board cannot be refreshed right now: {m}</translation>
    </message>
</context>
<context>
    <name>ChartWidget</name>
    <message>
        <location filename="../../xhduty/ui/stats/chart.py" line="+84"/>
        <source>口径：{basis}</source>
        <translation>Basis: {basis}</translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <location filename="../../xhduty/ui/contacts/contacts_view.py" line="+53"/>
        <source>查找索引未能建立：{m}</source>
        <translation>The search index could not be built: {m}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>查找：姓名、拼音、首字母（如 zw）、单位、职务或号码（Ctrl+F）</source>
        <translation>Search: name, pinyin, initials (e.g. zw), unit, post or number (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>只看超过180天未核实</source>
        <translation>Only unverified for over 180 days</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>新增人员</source>
        <translation>New person</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>修改 F2</source>
        <translation>Edit F2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除 Delete</source>
        <translation>Remove Delete</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新增下级单位</source>
        <translation>New sub-unit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>修改单位</source>
        <translation>Edit unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已核实 Ctrl+K</source>
        <translation>Verified Ctrl+K</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>打印通讯录 Ctrl+P</source>
        <translation>Print contacts Ctrl+P</translation>
    </message>
    <message>
        <location line="+62"/>
        <location line="+43"/>
        <source>全部人员</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>值班电话</source>
        <translation>Duty phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>传真</source>
        <translation>Fax</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>今日值班：</source>
        <translation>On duty today: </translation>
    </message>
    <message>
        <location line="+22"/>
        <source>共 {total} 人超过180天未核实，只列出最久未核实的 {n} 人</source>
        <translation>{total} people not verified for over 180 days; only the {n} longest unverified are listed</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>正在建立查找索引……</source>
        <translation>Building the search index…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>在全部人员中查找“{q}”：{n} 人，最匹配的在前</source>
        <translation>“{q}” among everyone: {n} people, best match first</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>AB角：</source>
        <translation>Deputy: </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核实：</source>
        <translation>Verified: </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未核实</source>
        <translation>Not verified</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>已复制 {name} 的号码 {n}</source>
        <translation>Copied {name}’s number {n}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>删除人员</source>
        <translation>Remove person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>从通讯录删除 {name}（{unit}）？

此人将退出所在的通知组，也不再担任他人的AB角；以往的通知记录仍保留其姓名。</source>
        <translation>Remove {name} ({unit}) from the contacts?

They will leave their notification groups and no longer stand in (AB) for anyone; past notification records keep their name.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+4"/>
        <source>无单位</source>
        <translation>no unit</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>未删除</source>
        <translation>Not removed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已从通讯录删除 {name}（{unit}）</source>
        <translation>Removed {name} ({unit}) from the contacts</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>已登记 {name} 于 {d} 核实</source>
        <translation>{name} recorded as verified on {d}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>导入通讯录</source>
        <translation>Import contacts</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>（不指定：表中单位路径从区应急委写起）</source>
        <translation>(None: unit paths in the sheet start from 区应急委)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>导入到单位</source>
        <translation>Import under unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>表中人员属于哪个单位？某单位报来的本单位通讯录，选该单位（表中的部门建在其下）：</source>
        <translation>Which unit are the people in this sheet in? For a unit&apos;s own contact list, choose that unit (the sheet&apos;s departments are created under it):</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>未导入</source>
        <translation>Not imported</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>已导入：新增 {a} 人，更新 {u} 人，通知组 {g} 个</source>
        <translation>Imported: {a} people added, {u} updated, {g} notification groups</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>通讯录未导入</source>
        <translation>Contacts not imported</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>导出通讯录</source>
        <translation>Export contacts</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>未导出</source>
        <translation>Not exported</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>通讯录</source>
        <translation>Contacts</translation>
    </message>
</context>
<context>
    <name>DispatchDialog</name>
    <message>
        <location filename="../../xhduty/ui/resources/available.py" line="+44"/>
        <source>调派资源</source>
        <translation>Dispatch resources</translation>
    </message>
</context>
<context>
    <name>EntryDialog</name>
    <message>
        <location filename="../../xhduty/ui/duty/entry_form.py" line="+71"/>
        <source>更正记录</source>
        <translation>Correct entry</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>新增值班记录</source>
        <translation>New duty log entry</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>记录内容（Enter 保存，Shift+Enter 换行）</source>
        <translation>Entry text (Enter saves, Shift+Enter for a new line)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>重要(&amp;I)</source>
        <translation>&amp;Important</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待办，交接班时带入下一班(&amp;O)</source>
        <translation>&amp;Open item, carried to the next shift at handover</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类型(&amp;K)</source>
        <translation>&amp;Kind</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>时间(&amp;T)</source>
        <translation>&amp;Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>内容(&amp;C)</source>
        <translation>&amp;Content</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录人(&amp;R) F2</source>
        <translation>&amp;Recorded by F2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>更正：</source>
        <translation>Correction: </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>值班电话记录</source>
        <translation>Duty phone record</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>如 14:02</source>
        <translation>e.g. 14:02</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>保存 (Enter)</source>
        <translation>Save (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>附件仍在检查保存中，完成后再保存</source>
        <translation>Attachments are still being checked and saved; save when they are done</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../xhduty/ui/first_run.py" line="+15"/>
        <source>初始化本站</source>
        <translation>Set up this station</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>这是本工作站第一次启动。请填写本站信息；站点代码一经确定不能更改，本站产生的每条记录都带有该代码。</source>
        <translation>This workstation is starting for the first time. Please describe this station; the station code cannot be changed later, and every record made here carries it.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>如 XH-CENTRE、XH-LONGHUA</source>
        <translation>e.g. XH-CENTRE, XH-LONGHUA</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>如 徐汇区总值班室、龙华街道值班室</source>
        <translation>e.g. Xuhui District duty room, Longhua subdistrict duty room</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>站点代码(&amp;C)</source>
        <translation>Station &amp;code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>站点名称(&amp;N)</source>
        <translation>Station &amp;name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>站点类型(&amp;R)</source>
        <translation>Station &amp;role</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（请选择）</source>
        <translation>(select)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>所属街镇(&amp;D)</source>
        <translation>&amp;Division</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>载入示例数据，用于试用（均标注“示例数据”，可在正式使用前删除数据库重建）</source>
        <translation>Load sample data to try the program out (all labelled 示例数据 “sample data”; delete and rebuild the database before real use)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+9"/>
        <source>信息有误</source>
        <translation>Invalid information</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>街镇站请选择所属街镇</source>
        <translation>A street station must select its street or town</translation>
    </message>
</context>
<context>
    <name>FullScreenBoard</name>
    <message>
        <location filename="../../xhduty/ui/stats/board_view.py" line="+20"/>
        <source>值班态势</source>
        <translation>Duty board</translation>
    </message>
</context>
<context>
    <name>GroupDialog</name>
    <message>
        <location filename="../../xhduty/ui/contacts/groups.py" line="+41"/>
        <source>通知组</source>
        <translation>Notification group</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> 分钟内确认</source>
        <translation> min to confirm</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>查找人员加入（姓名、拼音、首字母），回车加入第一个</source>
        <translation>Find people to add (name, pinyin, initials); Enter adds the first</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>上移 Ctrl+↑</source>
        <translation>Move up Ctrl+↑</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>下移 Ctrl+↓</source>
        <translation>Move down Ctrl+↓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>移除 Del</source>
        <translation>Remove Del</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>确认时限</source>
        <translation>Time to confirm</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>成员（按通知顺序）</source>
        <translation>Members (in notification order)</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>正在建立查找索引……</source>
        <translation>Building the search index…</translation>
    </message>
</context>
<context>
    <name>HazardDetail</name>
    <message>
        <location filename="../../xhduty/ui/hazards/detail.py" line="+25"/>
        <source>整改前</source>
        <translation>Before rectification</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>整改后</source>
        <translation>After rectification</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>选中台账中的一条隐患查看详情</source>
        <translation>Select a hazard in the register to see its details</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>逾期未整改</source>
        <translation>Overdue, not rectified</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>回潮</source>
        <translation>Recurred</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>摘牌</source>
        <translation>Lift supervision</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>办理经过</source>
        <translation>History</translation>
    </message>
    <message>
        <location line="-19"/>
        <location line="+12"/>
        <source>挂牌督办</source>
        <translation>Put under supervision</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>回潮：同一地址同类隐患此前于 {dates} 登记</source>
        <translation>Recurrence: a hazard of the same kind at the same address was registered on {dates}</translation>
    </message>
</context>
<context>
    <name>HazardDialog</name>
    <message>
        <location filename="../../xhduty/ui/hazards/hazard_form.py" line="+41"/>
        <source>更正隐患信息</source>
        <translation>Correct hazard</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>登记隐患</source>
        <translation>Register hazard</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>登记人 *</source>
        <translation>Registered by *</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>整改前照片和其他附件（Ctrl+Shift+A 添加，可拖入或粘贴）</source>
        <translation>Photos before rectification and other attachments (Ctrl+Shift+A to add; drop or paste)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>附件仍在检查保存中，完成后再保存</source>
        <translation>Attachments are still being checked and saved; save when they are done</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <location filename="../../xhduty/ui/import_preview.py" line="+45"/>
        <source>导入预览：{file}</source>
        <translation>Import preview: {file}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>检查通过，尚未导入。将导入：{what}</source>
        <translation>Checked, not imported yet. Will import: {what}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无</source>
        <translation>nothing</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>有 {n} 处错误，不能导入（有错误的文件不导入任何数据）。请改正后重新选择文件。</source>
        <translation>{n} error(s): cannot import (a file with errors imports nothing). Correct the file and choose it again.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>表头在第 {row} 行，共 {n} 行数据。列的对应：</source>
        <translation>Header in row {row}, {n} data rows. Columns map as follows:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>表头</source>
        <translation>Header</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>导入为</source>
        <translation>Imported as</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（不导入）</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>前 {n} 行（表格中的原样，合并单元格已展开）：</source>
        <translation>First {n} rows (as in the sheet, merged cells carried):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>错误：{p}</source>
        <translation>Error: {p}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>警告：{p}</source>
        <translation>Warning: {p}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>错误和警告（每行的工作表、行号、列）：</source>
        <translation>Errors and warnings (sheet, row and column of each):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>表格文件 (*.xlsx *.xlsm *.xls *.et *.ods);;所有文件 (*)</source>
        <translation>Spreadsheets (*.xlsx *.xlsm *.xls *.et *.ods);;All files (*)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>无法预览</source>
        <translation>Cannot preview</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <location filename="../../xhduty/ui/plans/import_report.py" line="+21"/>
        <source>导入预案：结果</source>
        <translation>Plan import: result</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新增</source>
        <translation>Added</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未变</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>适用事件类型</source>
        <translation>Event types covered</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>响应分级</source>
        <translation>Response levels</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>编制单位</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>；推断了：{fields}（请核对）</source>
        <translation>; inferred: {fields} (please check)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>同名</source>
        <translation>Same title</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>部分未读取</source>
        <translation>Partly unread</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>未导入</source>
        <translation>Not imported</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>IncidentDialog</name>
    <message>
        <location filename="../../xhduty/ui/incidents/incident_dialog.py" line="+43"/>
        <source>立案</source>
        <translation>Open incident</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>（不限街镇）</source>
        <translation>(any subdistrict)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>如 13:50、下午1点50分、11月29日 13:50，不详可空</source>
        <translation>e.g. 13:50, 下午1点50分, 11月29日 13:50; empty if unknown</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>如 15:10、下午3点10分、6月3日 15:10；空为现在</source>
        <translation>e.g. 15:10, 下午3点10分, 6月3日 15:10; empty for now</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>由来电接报记录立案，已带入电话记录的内容。</source>
        <translation>Opened from an incoming-call entry; the call record has been copied in.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>事件名称(&amp;N)</source>
        <translation>Incident &amp;name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类别/子类</source>
        <translation>Category / subcategory</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事件级别(&amp;L)</source>
        <translation>Incident &amp;level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>所属街镇(&amp;D)</source>
        <translation>Sub&amp;district</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事发地点(&amp;P)</source>
        <translation>&amp;Place</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事发时间</source>
        <translation>Occurred at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>接报时间(&amp;T)</source>
        <translation>Received at (&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>伤亡情况</source>
        <translation>Casualties</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>财产损失</source>
        <translation>Property damage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>信息来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事件情况</source>
        <translation>Situation</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>立案 (Enter)</source>
        <translation>Open incident (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>（未细分）</source>
        <translation>(no subcategory)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>附件仍在检查保存中，完成后再保存</source>
        <translation>Attachments are still being checked and saved; save when they are done</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>未立案</source>
        <translation>Incident not opened</translation>
    </message>
</context>
<context>
    <name>IncidentListModel</name>
    <message>
        <location filename="../../xhduty/ui/incidents/incident_model.py" line="+59"/>
        <source>接报时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>事件</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下一报告</source>
        <translation>Next report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>倒计时</source>
        <translation>Countdown</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>已超时</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>已超时：</source>
        <translation>Overdue: </translation>
    </message>
</context>
<context>
    <name>IndicatorPanel</name>
    <message>
        <location filename="../../xhduty/ui/stats/indicators.py" line="+39"/>
        <location line="+13"/>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>数据来源（文件、部门）</source>
        <translation>Source (document, department)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>录入</source>
        <translation>Save value</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>撤回所选指标最近一次录入</source>
        <translation>Withdraw the latest value of the selected indicator</translation>
    </message>
    <message>
        <location line="-20"/>
        <location line="+23"/>
        <source>指标</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>截至</source>
        <translation>As of</translation>
    </message>
    <message>
        <location line="-23"/>
        <location line="+23"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>属性</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>目标</source>
        <translation>Target</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>实际值</source>
        <translation>Actual</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>是否达标</source>
        <translation>Target met</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>指标及目标取自徐汇区应急管理“十四五”规划（见参考资料）；参考资料未注明约束性或预期性的，属性显示为“未注明”。标“本系统计算”的数值由储备库登记自动统计。</source>
        <translation>Indicators and targets come from the Xuhui District emergency management plan for the 14th Five-Year period (see the references); where the references do not say binding or expected, the type shows “not stated”. Values marked “computed by this system” are counted from the depot register.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>未录入</source>
        <translation>Not entered</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+4"/>
        <location line="+3"/>
        <location line="+3"/>
        <source>撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>请先选择一个填报类指标</source>
        <translation>Select an indicator that is entered by hand first</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>该指标还没有录入数值</source>
        <translation>No value has been entered for this indicator yet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>撤回 {date} 录入的 {value}（{source}）？</source>
        <translation>Withdraw {value} entered on {date} ({source})?</translation>
    </message>
</context>
<context>
    <name>InventoryPane</name>
    <message>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="+73"/>
        <source>物资或储备库名称 (Ctrl+F)</source>
        <translation>Item or depot name (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>全部街镇</source>
        <translation>All subdistricts</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+119"/>
        <source>只看需处理</source>
        <translation>Only needing attention</translation>
    </message>
    <message>
        <location line="-114"/>
        <source>低于最低库存</source>
        <translation>Below minimum</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>临期</source>
        <translation>Expiring</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>负数＝账面透支</source>
        <translation>Negative = overdrawn on the books</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>入库</source>
        <translation>Receive</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>出库</source>
        <translation>Issue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调拨</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>盘点</source>
        <translation>Stocktake</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>归还</source>
        <translation>Return</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报废</source>
        <translation>Write off</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>库存卡</source>
        <translation>Stock card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最低库存…</source>
        <translation>Minimum stock…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打印清单…</source>
        <translation>Print list…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导入表格…</source>
        <translation>Import spreadsheet…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出 .xlsx…</source>
        <translation>Export .xlsx…</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>共 {n} 行，需处理 {k} 行（临期：{d} 天内到期）</source>
        <translation>{n} rows, {k} need attention (expiring: within {d} days)</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+2"/>
        <source>最低库存</source>
        <translation>Minimum stock</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>请先选中一行库存</source>
        <translation>Select a stock row first</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{depot}「{item}」的最低库存（{unit}）：</source>
        <translation>Minimum stock of “{item}” at {depot} ({unit}):</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>应急物资库存清单</source>
        <translation>Emergency supplies stock list</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>导入应急资源</source>
        <translation>Import emergency resources</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>正在导入 {name}……</source>
        <translation>Importing {name}…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已导入 {n} 行</source>
        <translation>Imported {n} rows</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>未导入</source>
        <translation>Not imported</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>导出应急资源</source>
        <translation>Export emergency resources</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未导出</source>
        <translation>Not exported</translation>
    </message>
</context>
<context>
    <name>LevelDialog</name>
    <message>
        <location filename="../../xhduty/ui/incidents/level_dialog.py" line="+27"/>
        <source>调整级别</source>
        <translation>Change level</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>如 15:20、下午3点20分、6月3日 15:20；空为现在</source>
        <translation>e.g. 15:20, 下午3点20分, 6月3日 15:20; empty for now</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{title}（现为{level}）</source>
        <translation>{title} (now {level})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>调整为(&amp;L)</source>
        <translation>New &amp;level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调整原因(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调整时间(&amp;T)</source>
        <translation>&amp;Time</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>调整 (Enter)</source>
        <translation>Change (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>未调整级别</source>
        <translation>Level not changed</translation>
    </message>
</context>
<context>
    <name>LineDialog</name>
    <message>
        <location filename="../../xhduty/ui/hazards/lists_pane.py" line="+82"/>
        <source>全区</source>
        <translation>Whole district</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>事项 *</source>
        <translation>Item *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>责任单位或责任人 *</source>
        <translation>Responsible unit or person *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>完成期限</source>
        <translation>Due by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
</context>
<context>
    <name>ListsPane</name>
    <message>
        <location line="-58"/>
        <source>新增事项…</source>
        <translation>New item…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>标为{state}</source>
        <translation>Mark as {state}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>清单</source>
        <translation>List</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>请先选中一项</source>
        <translation>Select an item first</translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <location filename="../../xhduty/ui/duty/log_model.py" line="+53"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>记录人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <location line="+203"/>
        <source>记录于 {at}</source>
        <translation>Recorded {at}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>已更正</source>
        <translation>Corrected</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>更正记录</source>
        <translation>Correct entry</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已办结</source>
        <translation>Finished</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>待办</source>
        <translation>Open</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../xhduty/ui/main_window.py" line="+38"/>
        <source>查预案（F3）</source>
        <translation>Search plans (F3)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>只读：{reason}</source>
        <translation>Read-only: {reason}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>记一笔 Ctrl+N</source>
        <translation>New entry Ctrl+N</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>徐汇应急值守</source>
        <translation>Xuhui Emergency Duty</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>还有 {n} 项操作正在进行（导入、导出或发送），完成后窗口自动关闭；再关闭一次则立即退出</source>
        <translation>{n} operation(s) still running (import, export or sending); the window closes when they finish. Close again to quit now</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>值班提醒</source>
        <translation>Duty reminder</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>生效预警：</source>
        <translation>Warnings in force: </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>无生效预警信号</source>
        <translation>No warning signal in force</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>在岗：带班领导 {leader}&#x3000;值班员 {officers}&#x3000;（{start} 起）</source>
        <translation>On duty: duty leader {leader}&#x3000;duty officers {officers}&#x3000;(since {start})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>当前没有在岗班次</source>
        <translation>No shift on duty</translation>
    </message>
</context>
<context>
    <name>MatchPanel</name>
    <message>
        <location filename="../../xhduty/ui/plans/match_panel.py" line="+54"/>
        <source>（不限类型）</source>
        <translation>(any type)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>（未定级）</source>
        <translation>(level not set)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>事件描述，如 地下车库进水、3人受伤</source>
        <translation>Describe the incident, e.g. underground garage flooded, 3 injured</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>匹配</source>
        <translation>Match</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>事件</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>适用预案</source>
        <translation>Applicable plans</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>建议响应</source>
        <translation>Suggested response</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>匹配理由</source>
        <translation>Why it matches</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>一键启动响应 Ctrl+Enter</source>
        <translation>Activate response Ctrl+Enter</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>响应级别</source>
        <translation>Response level</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+117"/>
        <source>尚未启动响应</source>
        <translation>No response activated yet</translation>
    </message>
    <message>
        <location line="-109"/>
        <source>响应核对清单（勾选即记入值班日志）</source>
        <translation>Response checklist (ticking writes to the duty log)</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>（不选事件：按预警信号和描述）</source>
        <translation>(no incident: by warning signals and description)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>生效中的预警信号：</source>
        <translation>Warning signals in force:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>匹配预案</source>
        <translation>Match plans</translation>
    </message>
    <message>
        <location line="-136"/>
        <source>（未结构化）</source>
        <translation>(unstructured)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（推断）</source>
        <translation> (inferred)</translation>
    </message>
    <message>
        <location line="+155"/>
        <location line="+5"/>
        <source>启动响应</source>
        <translation>Activate response</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>请先选择一个有响应分级的预案</source>
        <translation>Select a plan with response levels first</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>《{plan}》{level}响应&#x3000;牵头：{lead}</source>
        <translation>“{plan}” {level} response&#x3000;Lead: {lead}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>
该预案已从预案库删除；以下是启动响应时的步骤，响应照常进行</source>
        <translation>
This plan has been removed from the library; these are the steps as the response was started, and the response goes on</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>本级响应在预案中没有列出处置措施，请按预案正文处置</source>
        <translation>The plan lists no measures for this response level; act on the plan&apos;s text</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>通知：</source>
        <translation>Notify: </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>发起通知</source>
        <translation>Start notification</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>请按通讯录通知该组</source>
        <translation>Notify this group from the contacts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>待准备资源：</source>
        <translation>Resources to prepare:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>响应核对清单</source>
        <translation>Response checklist</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+3"/>
        <source>通知</source>
        <translation>Notify</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>请按通讯录通知：{group}</source>
        <translation>Notify from the contacts: {group}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>已发起通知：{group}</source>
        <translation>Notification started: {group}</translation>
    </message>
</context>
<context>
    <name>MessagingSettingsDialog</name>
    <message>
        <location filename="../../xhduty/ui/contacts/messaging_settings.py" line="+21"/>
        <source>邮件和短信设置</source>
        <translation>Email and SMS settings</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>短信网关接收 POST JSON {&quot;to&quot;: 手机号, &quot;text&quot;: 内容}，可带 Bearer 令牌。</source>
        <translation>The SMS gateway receives POST JSON {&quot;to&quot;: mobile number, &quot;text&quot;: message}, optionally with a Bearer token.</translation>
    </message>
</context>
<context>
    <name>MovementDialog</name>
    <message>
        <location filename="../../xhduty/ui/resources/dialogs.py" line="+128"/>
        <source>调出储备库</source>
        <translation>From depot</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>储备库</source>
        <translation>Depot</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>调入储备库</source>
        <translation>To depot</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>物资</source>
        <translation>Item</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>不填则先到期的批次先出</source>
        <translation>Leave empty to issue the batch that expires first</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>有效期至</source>
        <translation>Expires</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>实盘数量</source>
        <translation>Counted quantity</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>账面现有</source>
        <translation>On the books</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>来源单位</source>
        <translation>Source unit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>领用单位/人</source>
        <translation>Taken by (unit/person)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>归还单位/人</source>
        <translation>Returned by (unit/person)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（不关联事件）</source>
        <translation>(no incident)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>关联事件</source>
        <translation>Related incident</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>经办人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>原因（必填）</source>
        <translation>Reason (required)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>原因/备注</source>
        <translation>Reason / note</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{0}（其中已过期 {1}，不出库）</source>
        <translation>{0} (of which {1} expired, not issued)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>请选择储备库和物资（可输入名称查找）</source>
        <translation>Choose a depot and an item (type a name to search)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>库存不足</source>
        <translation>Not enough stock</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>

仍然出库？</source>
        <translation>

Issue anyway?</translation>
    </message>
</context>
<context>
    <name>NeighboursDialog</name>
    <message>
        <location filename="../../xhduty/ui/resources/available.py" line="-32"/>
        <source>{d} 的相邻街镇</source>
        <translation>Divisions neighbouring {d}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>勾选与之相邻的街镇（空格键勾选）：</source>
        <translation>Tick the neighbouring divisions (Space ticks):</translation>
    </message>
</context>
<context>
    <name>NotifyPanel</name>
    <message>
        <location filename="../../xhduty/ui/contacts/notify_run.py" line="+132"/>
        <source>启动通知 Ctrl+Shift+N</source>
        <translation>Start notification Ctrl+Shift+N</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>通知组…</source>
        <translation>Notification groups…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>邮件/短信设置…</source>
        <translation>Email / SMS settings…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>选中一人按键记录：1 已通知&#x3000;2 已确认&#x3000;3 未接通（转下一种方式/AB角）&#x3000;4 留言&#x3000;←/→ 换联系方式（如本人回电）</source>
        <translation>Select a person and press: 1 notified  2 confirmed  3 no answer (next method / deputy)  4 message left  ←/→ change contact method (e.g. the person called back)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>发邮件</source>
        <translation>Send email</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发短信</source>
        <translation>Send SMS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打印记录 Ctrl+P</source>
        <translation>Print record Ctrl+P</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>尚无通知任务：按 Ctrl+Shift+N 启动</source>
        <translation>No notification runs yet: press Ctrl+Shift+N to start one</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{group}：已确认 {n} / {m} 人</source>
        <translation>{group}: {n} / {m} confirmed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&#x3000;超时未确认 {k} 人</source>
        <translation>&#x3000;{k} not confirmed in time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&#x3000;超时确认 {k} 人</source>
        <translation>  {k} confirmed late</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>通知内容：{text}</source>
        <translation>Message: {text}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&#x3000;关联事件 {title}</source>
        <translation>&#x3000;Linked incident: {title}</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>未记录</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>正在发送……</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>已发送 {s}，失败 {f}，无地址 {w}</source>
        <translation>Sent {s}, failed {f}, no address {w}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>。{e}，请改用电话通知</source>
        <translation>. {e}; please notify by phone instead</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>发送失败</source>
        <translation>Sending failed</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>通知记录</source>
        <translation>Notification record</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <location filename="../../xhduty/ui/pdf_preview.py" line="+30"/>
        <source>打印… (Ctrl+P)</source>
        <translation>Print… (Ctrl+P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{name}，共 {n} 页</source>
        <translation>{name}, {n} pages</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <location filename="../../xhduty/ui/contacts/model.py" line="+36"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>职务</source>
        <translation>Post</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>首选联系方式</source>
        <translation>Preferred contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AB角</source>
        <translation>Deputy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今日值班</source>
        <translation>On duty today</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>核实</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>值班</source>
        <translation>On duty</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未核实</source>
        <translation>Not verified</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <location filename="../../xhduty/ui/contacts/person.py" line="+44"/>
        <source>修改人员</source>
        <translation>Edit person</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>新增人员</source>
        <translation>New person</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>每行一种，按优先顺序，如：
手机 13900000000
办公电话 021-64000000</source>
        <translation>One per line, most preferred first, e.g.:
手机 13900000000
办公电话 021-64000000</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>职务</source>
        <translation>Post</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>联系方式</source>
        <translation>Contact methods</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AB角</source>
        <translation>Deputy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核实日期</source>
        <translation>Verified on</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <location filename="../../xhduty/ui/plans/plan_dialog.py" line="+23"/>
        <source>预案适用范围：{title}</source>
        <translation>Plan scope: {title}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（推断）</source>
        <translation>(inferred)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>编制单位</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>适用事件类型</source>
        <translation>Event types covered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>标“推断”的内容由导入时从文档推断，请核对后保存或确认。响应分级可导出预案文件补写后再导入。</source>
        <translation>Content marked &quot;inferred&quot; was inferred from the document at import; check it, then save or confirm. Response levels can be added by exporting the plan file, filling them in and importing it again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本预案没有待核对的推断内容。</source>
        <translation>This plan has no inferred content to check.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保存 Enter</source>
        <translation>Save Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消 Esc</source>
        <translation>Cancel Esc</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>确认推断(&amp;Q)</source>
        <translation>Confirm inferred (&amp;Q)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>预案适用范围</source>
        <translation>Plan scope</translation>
    </message>
</context>
<context>
    <name>PlanReader</name>
    <message>
        <location filename="../../xhduty/ui/plans/reader.py" line="+89"/>
        <source>（前言）</source>
        <translation>(preamble)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>示例数据：示例预案库中的预案，不是本区正式发布的预案。</source>
        <translation>Sample data (示例数据): a plan from the sample plan library, not a plan issued by the district.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>编制单位</source>
        <translation>Issuing unit</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>预案《{title}》已从预案库删除。</source>
        <translation>The plan 《{title}》 has been removed from the library.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>发布</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>评估到期</source>
        <translation>Review due</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>导入自</source>
        <translation>Imported from</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>推断</source>
        <translation>Inferred</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>未指定</source>
        <translation>Not specified</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>适用事件类型</source>
        <translation>Event types covered</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>标“推断”的内容由导入时从文档推断，请核对：按 Ctrl+E 修改或确认。</source>
        <translation>Content marked &quot;inferred&quot; was inferred from the document at import; check it: press Ctrl+E to change or confirm it.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>未结构化：由文档导入，尚未填写响应分级。</source>
        <translation>Unstructured: imported from a document; response levels not filled in yet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{level}响应 — 牵头：{lead}</source>
        <translation>{level} response — lead: {lead}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>预警信号</source>
        <translation>Warning signal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>启动条件</source>
        <translation>Activation conditions</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>通知</source>
        <translation>Notify</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>资源准备</source>
        <translation>Resources to prepare</translation>
    </message>
</context>
<context>
    <name>PlanSearchBox</name>
    <message>
        <location filename="../../xhduty/ui/plans/search_box.py" line="+17"/>
        <source>查预案：火灾、地下车库进水怎么办……</source>
        <translation>Search plans: what to do about a fire, a flooded underground garage…</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <location filename="../../xhduty/ui/resources/dialogs.py" line="-171"/>
        <source>编辑{what}</source>
        <translation>Edit: {what}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新增{what}</source>
        <translation>New: {what}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>7 位：1 生活保障 / 2 应急装备 / 3 工程材料与机械</source>
        <translation>7 digits: 1 living supplies / 2 emergency equipment / 3 engineering materials and machinery</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>附件 Ctrl+Shift+A</source>
        <translation>Attachments Ctrl+Shift+A</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>附件仍在检查保存中，完成后再保存</source>
        <translation>Attachments are still being checked and saved; save when they are done</translation>
    </message>
</context>
<context>
    <name>RegisterPane</name>
    <message>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="+11"/>
        <source>查找{what}</source>
        <translation>Search {what}</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/hazards/hazards_view.py" line="+47"/>
        <source>地址、描述、责任单位 (Ctrl+F)</source>
        <translation>Address, description, responsible unit (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未整改完成</source>
        <translation>Not yet rectified</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>回潮</source>
        <translation>Recurred</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="+1"/>
        <source>全部街镇</source>
        <translation>All subdistricts</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>全部等级</source>
        <translation>All grades</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>登记隐患</source>
        <translation>Register hazard</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>更正</source>
        <translation>Correct</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下一步</source>
        <translation>Next step</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+81"/>
        <source>挂牌督办</source>
        <translation>Put under supervision</translation>
    </message>
    <message>
        <location line="-80"/>
        <source>整改通知书</source>
        <translation>Rectification notice</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>月度统计</source>
        <translation>Monthly statistics</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导入台账…</source>
        <translation>Import register…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出台账…</source>
        <translation>Export register…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>共 {n} 条；全部逾期未整改 {k} 条；回潮判定：{m} 个月内同一地址同类隐患</source>
        <translation>{n} in all; {k} overdue and not rectified; recurrence: the same kind of hazard at the same address within {m} months</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+22"/>
        <source>隐患</source>
        <translation>Hazard</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>请先在台账中选中一条隐患</source>
        <translation>Select a hazard in the register first</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>该隐患已复核销号</source>
        <translation>This hazard has been verified and closed</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>摘牌</source>
        <translation>Lift supervision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>督办要求或说明：</source>
        <translation>Supervision requirements or notes:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>未办理</source>
        <translation>Not done</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>隐患整改通知书</source>
        <translation>Hazard rectification notice</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>隐患排查治理月度统计</source>
        <translation>Monthly hazard inspection statistics</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+10"/>
        <source>导入隐患台账</source>
        <translation>Import hazard register</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>表格 (*.xlsx *.xls *.et *.ods)</source>
        <translation>Spreadsheets (*.xlsx *.xls *.et *.ods)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>已导入 {n} 条隐患。</source>
        <translation>Imported {n} hazards.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>未导入</source>
        <translation>Not imported</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>导出隐患台账</source>
        <translation>Export hazard register</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>隐患台账已导出到 {path}</source>
        <translation>Hazard register exported to {path}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未导出</source>
        <translation>Not exported</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="+8"/>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+42"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>删除「{n}」？</source>
        <translation>Delete “{n}”?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>未删除</source>
        <translation>Not deleted</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../xhduty/ui/incidents/report_dialog.py" line="+30"/>
        <source>报送：{title}</source>
        <translation>Submit: {title}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>如 15:10、下午3点10分、6月3日 15:10；空为现在</source>
        <translation>e.g. 15:10, 下午3点10分, 6月3日 15:10; empty for now</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>方式</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>报送时间</source>
        <translation>Submitted at</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>报告正文（续报只写新情况）</source>
        <translation>Report text (a follow-up report gives only what is new)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>报告内容(&amp;C)</source>
        <translation>Report &amp;content</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>书面报告由领导签发</source>
        <translation>Written reports are signed off by a leader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>签发(&amp;S)</source>
        <translation>&amp;Signed off by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报送后生成 PDF 以便打印</source>
        <translation>Write a PDF for printing after submitting</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>报送 (Ctrl+Enter)</source>
        <translation>Submit (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>报送后：没有待报的报告</source>
        <translation>After submitting: no report pending</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>报送后下一项：{label}，应于 {due} 前报送</source>
        <translation>After submitting, next: {label}, due by {due}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>未报送</source>
        <translation>Not submitted</translation>
    </message>
</context>
<context>
    <name>RosterDialog</name>
    <message>
        <location filename="../../xhduty/ui/duty/roster_view.py" line="+30"/>
        <source>编辑排班</source>
        <translation>Edit roster entry</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>新增排班</source>
        <translation>New roster entry</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>白班 / 夜班 / 全天</source>
        <translation>Day / night / all day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一至两人，用“、”分隔</source>
        <translation>One or two people, separated by “、”</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <location filename="../../xhduty/ui/incidents/rules_dialog.py" line="+29"/>
        <source>报告时限规则</source>
        <translation>Report deadline rules</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>级别/事件类型</source>
        <translation>Level / incident type</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>时限自接报时间起算。标“默认”的是程序自带的参考值，请按本地规定修改；事件类型规则只缩短首报时限（如生产安全事故 1 小时）。续报时间写作 08:00,17:00，空表示情况变化时续报。</source>
        <translation>Deadlines count from the time the report was received. Rows marked “Default” are reference values shipped with the program: change them to local rules. An incident-type rule only shortens the initial-report deadline (e.g. 1 hour for work-safety accidents). Follow-up times are written 08:00,17:00; empty means a follow-up report whenever the situation changes.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>新增事件类型规则…</source>
        <translation>New incident-type rule…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>恢复默认</source>
        <translation>Restore default</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>事件类型</source>
        <translation>Incident type</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>默认</source>
        <translation>Default</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>本地设置</source>
        <translation>Local setting</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>新增事件类型规则</source>
        <translation>New incident-type rule</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>事件类型：</source>
        <translation>Incident type:</translation>
    </message>
</context>
<context>
    <name>RunModel</name>
    <message>
        <location filename="../../xhduty/ui/contacts/notify_run.py" line="-260"/>
        <source>序</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>职务</source>
        <translation>Post</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下一步联系</source>
        <translation>Next contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>确认时限</source>
        <translation>Time to confirm</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>（超时）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（超时 {n} 分钟）</source>
        <translation> ({n} min late)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（已转AB角）</source>
        <translation> (passed to deputy)</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>AB角 {name} {how}</source>
        <translation>Deputy {name} {how}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已无其他联系方式</source>
        <translation>No other way to reach them</translation>
    </message>
</context>
<context>
    <name>ShiftDialog</name>
    <message>
        <location filename="../../xhduty/ui/duty/shift_dialog.py" line="+18"/>
        <location line="+15"/>
        <source>开始值班</source>
        <translation>Start shift</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>（手工填写）</source>
        <translation>(typed by hand)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>可空</source>
        <translation>optional</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今日排班</source>
        <translation>Today’s roster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>带班领导(&amp;L)</source>
        <translation>Duty &amp;leader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>值班员(&amp;1)</source>
        <translation>Duty officer &amp;1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>值班员(&amp;2)</source>
        <translation>Duty officer &amp;2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>无法开始值班</source>
        <translation>Cannot start the shift</translation>
    </message>
</context>
<context>
    <name>SignalPanel</name>
    <message>
        <location filename="../../xhduty/ui/duty/signal_panel.py" line="+33"/>
        <source>信号，如 暴雨橙（回车记录）</source>
        <translation>Signal, e.g. 暴雨橙 (Enter records it)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>记录发布</source>
        <translation>Record issued signal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>解除所选 Ctrl+Shift+L</source>
        <translation>Lift selected Ctrl+Shift+L</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+8"/>
        <location line="+34"/>
        <location line="+12"/>
        <source>预警信号</source>
        <translation>Warning signal</translation>
    </message>
    <message>
        <location line="-54"/>
        <source>发布时间</source>
        <translation>Issued at</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+7"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>发布</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>解除</source>
        <translation>Lifted</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>生效中</source>
        <translation>In force</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>已记录 {label}</source>
        <translation>Recorded {label}</translation>
    </message>
</context>
<context>
    <name>StartRunDialog</name>
    <message>
        <location filename="../../xhduty/ui/contacts/notify_run.py" line="+47"/>
        <source>启动通知</source>
        <translation>Start notification</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}（{n} 人，{m} 分钟内确认）</source>
        <translation>{name} ({n} people, confirm within {m} min)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>（不关联事件）</source>
        <translation>(no incident)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>通知内容：电话中宣读，邮件和短信发送此内容</source>
        <translation>Message: read out on the phone, sent as is by email and SMS</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>通知组</source>
        <translation>Notification group</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>关联事件</source>
        <translation>Related incident</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>通知内容</source>
        <translation>Message</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>开始通知</source>
        <translation>Start notifying</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../xhduty/ui/hazards/hazard_form.py" line="+25"/>
        <source>隐患</source>
        <translation>Hazard</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>经办人 *</source>
        <translation>Handled by *</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>情况说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>整改后照片 *（Ctrl+Shift+A 添加，可拖入或粘贴）</source>
        <translation>Photos after rectification * (Ctrl+Shift+A to add; drop or paste)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>附件仍在检查保存中，完成后再保存</source>
        <translation>Attachments are still being checked and saved; save when they are done</translation>
    </message>
</context>
<context>
    <name>StockCardDialog</name>
    <message>
        <location filename="../../xhduty/ui/resources/dialogs.py" line="+153"/>
        <source>物资库存卡 — {name}</source>
        <translation>Stock card — {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>全部储备库</source>
        <translation>All depots</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>打印库存卡… (Ctrl+P)</source>
        <translation>Print stock card… (Ctrl+P)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>储备库</source>
        <translation>Depot</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{cls} {code}&#x3000;规格 {spec}&#x3000;共 {n} 笔&#x3000;结存 &lt;b style=&apos;color:{c}&apos;&gt;{b}&lt;/b&gt; {unit}</source>
        <translation>{cls} {code}&#x3000;Spec {spec}&#x3000;{n} movements&#x3000;Balance &lt;b style=&apos;color:{c}&apos;&gt;{b}&lt;/b&gt; {unit}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>物资库存卡</source>
        <translation>Stock card</translation>
    </message>
</context>
<context>
    <name>SyncSettingsDialog</name>
    <message>
        <location filename="../../xhduty/ui/sync/settings.py" line="+17"/>
        <source>同步设置</source>
        <translation>Sync settings</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>已设置；不更换请留空</source>
        <translation>Set; leave empty to keep it</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>管理员用 xhduty hub add-station 生成</source>
        <translation>The administrator makes it with xhduty hub add-station</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>同步中心地址</source>
        <translation>Sync hub address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本站令牌</source>
        <translation>Station token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>自动同步间隔</source>
        <translation>Automatic sync every</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>代理</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CA 证书文件</source>
        <translation>CA certificate file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本站代码 {code}。断网时照常工作，数据保存在本机，联网后自动补传。</source>
        <translation>Station code {code}. Works as usual when offline: data is kept on this computer and uploaded once the network is back.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>系统代理（内网地址直连）</source>
        <translation>System proxy (LAN addresses direct)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不使用代理</source>
        <translation>No proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>指定代理</source>
        <translation>Given proxy</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>留空则只用系统证书；信息部门发的 .cer/.crt/.pem</source>
        <translation>Leave empty to use the system certificates only; the .cer/.crt/.pem from IT</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>选择 CA 证书文件</source>
        <translation>Choose CA certificate file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证书 (*.cer *.crt *.pem *.der);;所有文件 (*)</source>
        <translation>Certificates (*.cer *.crt *.pem *.der);;All files (*)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>请填写本站令牌</source>
        <translation>Enter the station token</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../xhduty/ui/sync/status.py" line="+28"/>
        <source>同步 F9</source>
        <translation>Sync F9</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>同步设置（Ctrl+F9）</source>
        <translation>Sync settings (Ctrl+F9)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>未配置同步</source>
        <translation>Sync not set up</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>在线，有变更未能上传</source>
        <translation>Online; some changes could not be uploaded</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>第 {seq} 号变更（{table}）暂未上传：{why}</source>
        <translation>Change {seq} ({table}) not uploaded yet: {why}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上次同步 {when}</source>
        <translation>Last sync {when}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待上传 {n} 条</source>
        <translation>{n} waiting to upload</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>，&lt;span style=&apos;color:#c0392b&apos;&gt;中心拒收 {n} 条&lt;/span&gt;</source>
        <translation>, &lt;span style=&apos;color:#c0392b&apos;&gt;{n} refused by the hub&lt;/span&gt;</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>上传 {done}/{total}</source>
        <translation>sent {done}/{total}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>接收 {done} 条</source>
        <translation>received {done}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>同步完成：上传 {up} 条，接收 {down} 条</source>
        <translation>Sync done: {up} sent, {down} received</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>，冲突 {n} 处（见“冲突”）</source>
        <translation>, {n} conflicts (see “Conflicts”)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>，中心拒收 {n} 条</source>
        <translation>, {n} refused by the hub</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>同步未完成：{n} 条变更暂未上传（{why}）</source>
        <translation>Sync incomplete: {n} changes not uploaded yet ({why})</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>同步未完成：{why}</source>
        <translation>Sync not finished: {why}</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <location filename="../../xhduty/ui/incidents/assignment_dialog.py" line="+23"/>
        <source>交办事项</source>
        <translation>Assigned tasks</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>限时办结</source>
        <translation>Due by</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>如 17:00、下午5点、明早8点、2026-12-02 09:00（已过的时刻算明天）</source>
        <translation>e.g. 17:00, 下午5点, 明早8点, 2026-12-02 09:00 (a time already past is tomorrow&apos;s)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>承办单位(&amp;U)</source>
        <translation>Responsible &amp;unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>承办人(&amp;P)</source>
        <translation>Responsible &amp;person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>交办内容(&amp;C)</source>
        <translation>Task &amp;content</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>交办 (Enter)</source>
        <translation>Assign (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>未交办</source>
        <translation>Not assigned</translation>
    </message>
</context>
<context>
    <name>TrendPane</name>
    <message>
        <location filename="../../xhduty/ui/hazards/trend_charts.py" line="+64"/>
        <source>整改率 %</source>
        <translation>Rectification rate %</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>发现 {found} 处，整改完成 {done} 处，逾期 {late} 处，整改率 {rate}</source>
        <translation>{found} found, {done} rectified, {late} overdue, rectification rate {rate}</translation>
    </message>
</context>
<context>
    <name>UnitDialog</name>
    <message>
        <location filename="../../xhduty/ui/contacts/unit.py" line="+23"/>
        <source>修改单位</source>
        <translation>Edit unit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>新增单位</source>
        <translation>New unit</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>今日值班人员姓名（可空）</source>
        <translation>Name of today’s duty person (optional)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>（最上级）</source>
        <translation>(top level)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上级</source>
        <translation>Parent unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>值班电话</source>
        <translation>Duty phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>传真</source>
        <translation>Fax</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今日值班</source>
        <translation>On duty today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>值班人电话</source>
        <translation>Duty person’s phone</translation>
    </message>
</context>
<context>
    <name>View</name>
    <message>
        <location filename="../../xhduty/ui/stats/board_view.py" line="+11"/>
        <source>全屏显示（F11，Esc 退出）</source>
        <translation>Full screen (F11, Esc to leave)</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/sync/conflicts_view.py" line="+62"/>
        <source>采用另一值 Ctrl+Enter</source>
        <translation>Use other value Ctrl+Enter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>保留现值 Delete</source>
        <translation>Keep current value Delete</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>显示已处理 Ctrl+H</source>
        <translation>Show handled Ctrl+H</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>两个站点在同步前修改了同一字段时，按“后写入者为准”的规则自动合并，所有站点结果一致；如果未采用的值才是对的，选中后点“采用另一值”，它将作为一次新的修改同步到各站。</source>
        <translation>When two stations change the same field before syncing, the last write wins and every station ends up with the same value. If the value not kept is the right one, select it and click “Use other value”: it is synced to every station as a new change.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>未采用</source>
        <translation>Not applied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已采用另一值：{record} 的 {field}</source>
        <translation>Other value used: {field} of {record}</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/contacts/contacts_view.py" line="+9"/>
        <source>通讯录</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>通知</source>
        <translation>Notify</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/duty/handover_view.py" line="+110"/>
        <source>本班交接</source>
        <translation>This shift&apos;s handover</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>往班交接班单 Alt+H</source>
        <translation>Past handover sheets Alt+H</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>可空</source>
        <translation>optional</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>设备情况、收到的文电、其他需交代的事项</source>
        <translation>Equipment, documents and messages received, anything else to pass on</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>交接确认</source>
        <translation>Confirm handover</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>交班人确认</source>
        <translation>Outgoing shift confirms</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>接班值班员(&amp;1)</source>
        <translation>Incoming duty officer &amp;1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>接班值班员(&amp;2)</source>
        <translation>Incoming duty officer &amp;2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>接班带班领导</source>
        <translation>Incoming duty leader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>交接事项</source>
        <translation>Handover items</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>预览交接班单</source>
        <translation>Preview handover sheet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>确认交接 (Ctrl+Enter)</source>
        <translation>Confirm handover (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>&lt;p&gt;正在读取本班交接情况……&lt;/p&gt;</source>
        <translation>&lt;p&gt;Reading this shift&apos;s handover…&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&lt;p&gt;当前没有在岗班次。&lt;/p&gt;</source>
        <translation>&lt;p&gt;No shift is on duty.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>未能读取本班交接情况：{message}</source>
        <translation>Could not read this shift&apos;s handover: {message}</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>正在生成交接班单并交接……</source>
        <translation>Making the handover sheet and handing over…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>未交接，本班仍在岗。</source>
        <translation>Not handed over; this shift is still on duty.</translation>
    </message>
    <message>
        <location line="-84"/>
        <source>正在生成{label}……</source>
        <translation>Writing {label}…</translation>
    </message>
    <message>
        <location line="-152"/>
        <source>本班：{start} 起，带班领导 {leader}，值班员 {officers}</source>
        <translation>This shift: since {start}, duty leader {leader}, duty officers {officers}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>须特别注意</source>
        <translation>Needs particular attention</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>本班值班记录</source>
        <translation>This shift&apos;s log</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>本班共 {n} 条记录，这里列出最近 {shown} 条；全部记录见值班日志和交接班单。</source>
        <translation>This shift has {n} entries; the latest {shown} are listed here. All of them are in the duty log and on the handover sheet.</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>交接班单已生成：{path}</source>
        <translation>Handover sheet written: {path}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>交接班单未生成</source>
        <translation>Handover sheet not written</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>往班交接班单</source>
        <translation>Past handover sheets</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>确认交接</source>
        <translation>Confirm handover</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>以下事项尚需注意，将写入交接班单：

{items}

仍要交接吗？</source>
        <translation>These items still need attention and will go on the handover sheet:

{items}

Hand over anyway?</translation>
    </message>
    <message>
        <location line="-8"/>
        <location line="+24"/>
        <source>未能交接</source>
        <translation>Handover not done</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/incidents/incidents_view.py" line="+80"/>
        <source>时限规则…</source>
        <translation>Deadline rules…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>只看未结束</source>
        <translation>Only unfinished</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>报告时限</source>
        <translation>Report deadlines</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+5"/>
        <source>记录人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>报送时间</source>
        <translation>Submitted at</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+73"/>
        <source>报告</source>
        <translation>Report</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>签发</source>
        <translation>Signed off by</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>交办时间</source>
        <translation>Assigned at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>承办</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>交办内容</source>
        <translation>Task</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>时限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>办结所选事项</source>
        <translation>Finish selected task</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>时间线</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>交办事项</source>
        <translation>Assigned tasks</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>还没有事件。来电接报后按 Ctrl+Shift+N 立案。</source>
        <translation>No incidents yet. After an incoming call, press Ctrl+Shift+N to open one.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>接报 {taken}&#x3000;事发 {occurred}&#x3000;来源 {source}</source>
        <translation>Received {taken}&#x3000;occurred {occurred}&#x3000;source {source}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>伤亡/损失：{what}</source>
        <translation>Casualties / losses: {what}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>于 {t} 报送</source>
        <translation>submitted {t}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>书面首报后首个 {times}（最迟 {t}）</source>
        <translation>First {times} after the written first report (at the latest {t})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> 前</source>
        <translation> due</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未设时限</source>
        <translation>No deadline</translation>
    </message>
    <message>
        <location line="-173"/>
        <source>调整级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>立案</source>
        <translation>New</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报送</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>交办</source>
        <translation>Assign</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>匹配预案</source>
        <translation>Plans</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调派资源</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <location line="+219"/>
        <source>办结交办事项</source>
        <translation>Finish assigned task</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>办理结果：</source>
        <translation>Result:</translation>
    </message>
    <message>
        <location line="-221"/>
        <location line="+251"/>
        <source>打印报告</source>
        <translation>Print</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>该事件还没有报送过报告。</source>
        <translation>No report has been submitted for this incident yet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>正在生成报告 PDF…</source>
        <translation>Writing the report PDF…</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/stats/stats_view.py" line="+222"/>
        <source>未生成</source>
        <translation>Not written</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/incidents/incidents_view.py" line="+1"/>
        <source>值班信息</source>
        <translation>Duty information</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/duty/log_view.py" line="+44"/>
        <source>开始值班</source>
        <translation>Start shift</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>在键盘前的值班员，记入每条记录（F2 切换）</source>
        <translation>The officer at the keyboard, recorded with every entry (F2 to switch)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>我是(F2)</source>
        <translation>I am (F2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>本班</source>
        <translation>This shift</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>近7天</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>指定日期…</source>
        <translation>Dates…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>截止日期（含当日）</source>
        <translation>Until (inclusive)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>全部类型</source>
        <translation>All types</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>筛选：输入关键字（Ctrl+L）</source>
        <translation>Filter: type a keyword (Ctrl+L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>只看重要</source>
        <translation>Only important</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>只看待办 Alt+O</source>
        <translation>Open items only Alt+O</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>新增记录 (Ctrl+N)</source>
        <translation>New record (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>更正 (Ctrl+E)</source>
        <translation>Correct (Ctrl+E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>标记重要 (Ctrl+M)</source>
        <translation>Mark important (Ctrl+M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办结 (Ctrl+D)</source>
        <translation>Finish (Ctrl+D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>立案 (Ctrl+I)</source>
        <translation>Open incident (Ctrl+I)</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>往班带入未办结事项 {n} 条（Alt+O 只看待办）</source>
        <translation>{n} open items carried over from earlier shifts (Alt+O: open items only)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>当前班次：{start} 起&#x3000;带班领导 {leader}&#x3000;值班员 {officers}</source>
        <translation>Current shift: since {start}&#x3000;duty leader {leader}&#x3000;duty officers {officers}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>当前没有在岗班次。请先开始值班。</source>
        <translation>No shift is on duty. Start a shift first.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>共 {n} 条</source>
        <translation>{n} entries</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>&lt;p&gt;&lt;i&gt;此条为更正记录。&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;This entry is a correction.&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;p&gt;&lt;i&gt;此条已被更正，见后续更正记录。&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;This entry has been corrected; see the correction that follows.&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录于 {at}</source>
        <translation>Recorded {at}</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>办结情况：</source>
        <translation>Outcome:</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/plans/plans_view.py" line="+103"/>
        <source>预案库</source>
        <translation>Plan library</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>事件匹配</source>
        <translation>Match incident</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>预警信号</source>
        <translation>Warning signal</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>检索预案：火灾、有限空间、地下车库进水怎么办……</source>
        <translation>Search plans: fire, confined space, flooded underground garage…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>全部事件类型</source>
        <translation>All incident types</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>导入 Ctrl+O</source>
        <translation>Import Ctrl+O</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>导入目录 Ctrl+Shift+O</source>
        <translation>Import folder Ctrl+Shift+O</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>适用范围 Ctrl+E</source>
        <translation>Scope Ctrl+E</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>修改打开的预案的适用事件类型、编制单位和类别，或确认导入时推断的内容</source>
        <translation>Change the open plan&apos;s event types, issuing unit and category, or confirm what was inferred at import</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+180"/>
        <source>导出预案文件</source>
        <translation>Export plan file</translation>
    </message>
    <message>
        <location line="-179"/>
        <source>把打开的预案写成 .toml 预案文件：文档导入的预案可补写响应分级后再导入</source>
        <translation>Write the open plan as a .toml plan file: a plan imported from a document can get its response levels filled in and be imported again</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>预案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>编制单位</source>
        <translation>Issuing unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>评估到期</source>
        <translation>Review due</translation>
    </message>
    <message>
        <location line="+154"/>
        <source>全部编制单位</source>
        <translation>All issuing units</translation>
    </message>
    <message>
        <location line="-160"/>
        <source>（未结构化）</source>
        <translation>(unstructured)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>（推断）</source>
        <translation>(inferred)</translation>
    </message>
    <message>
        <location line="+109"/>
        <source>删除预案 Delete</source>
        <translation>Remove plan Delete</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>从预案库删除打开的预案（重复的、标题导入错误的）；已启动的响应仍保留</source>
        <translation>Remove the open plan from the library (a duplicate, or imported under a wrong title); responses already started are kept</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>撤销删除 Ctrl+Z</source>
        <translation>Undo removal Ctrl+Z</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>共 {n} 个预案</source>
        <translation>{n} plans</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（含示例数据：示例预案库）</source>
        <translation> (includes sample data (示例数据): the sample plan library)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>没有符合条件的预案</source>
        <translation>No plan matches</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>预案库为空：预案由区中心同步而来，也可按 Ctrl+O 导入预案文件或文档</source>
        <translation>The plan library is empty: plans arrive by sync from the district hub, or press Ctrl+O to import plan files or documents</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>“{q}”找到 {n} 个预案</source>
        <translation>“{q}”: {n} plans found</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>没有找到“{q}”</source>
        <translation>Nothing found for “{q}”</translation>
    </message>
    <message>
        <location line="+55"/>
        <location line="+21"/>
        <source>导入预案</source>
        <translation>Import plans</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>预案文件和文档 (*.toml *.docx *.doc *.wps *.pdf *.txt *.md)</source>
        <translation>Plan files and documents (*.toml *.docx *.doc *.wps *.pdf *.txt *.md)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>导入目录中的预案</source>
        <translation>Import the plans in a folder</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>请先打开一个预案</source>
        <translation>Open a plan first</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>正在导入 {n} 个文件……</source>
        <translation>Importing {n} files…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>预案文件 (*.toml)</source>
        <translation>Plan files (*.toml)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../xhduty/ui/stats/stats_view.py" line="-18"/>
        <location line="+8"/>
        <source>已导出 {path}</source>
        <translation>Exported {path}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>请先选择一个预案</source>
        <translation>Select a plan first</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+8"/>
        <source>未删除</source>
        <translation>Not removed</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>删除预案</source>
        <translation>Remove plan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>从预案库删除{plan}？

删除后检索和事件匹配不再列出它；已启动的响应仍保留其步骤。删错了可按 Ctrl+Z 撤销。</source>
        <translation>Remove {plan} from the library?

Search and incident matching will no longer list it; responses already started keep their steps. Ctrl+Z undoes a removal made by mistake.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>已从预案库删除{plan}；按 Ctrl+Z 或“撤销删除”恢复</source>
        <translation>Removed {plan} from the library; Ctrl+Z or “Undo removal” restores it</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>未恢复</source>
        <translation>Not restored</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已恢复{plan}到预案库</source>
        <translation>Restored {plan} to the library</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="+9"/>
        <source>库存</source>
        <translation>Stock</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>就近可用</source>
        <translation>Nearest available</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/duty/roster_view.py" line="+21"/>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>导入表格…</source>
        <translation>Import spreadsheet…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>导入表格第一行为列名：日期、班次、带班领导、值班员（可两人，用“、”分隔）、值班电话、备注。</source>
        <translation>The first row of the imported sheet names the columns: 日期 (date), 班次 (shift), 带班领导 (duty leader), 值班员 (duty officers, up to two, separated by “、”), 值班电话 (duty phone), 备注 (note).</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>删除排班</source>
        <translation>Delete roster entry</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>删除 {d} {s} 的排班？</source>
        <translation>Delete the roster for {d} {s}?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>导入排班表</source>
        <translation>Import roster</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>正在导入排班表……</source>
        <translation>Importing roster…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>已导入 {n} 条排班记录</source>
        <translation>Imported {n} roster entries</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>排班表未导入</source>
        <translation>Roster not imported</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/stats/stats_view.py" line="-155"/>
        <source>全区</source>
        <translation>Whole district</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>按日</source>
        <translation>By day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>按周</source>
        <translation>By week</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>至</source>
        <translation>To</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>街镇</source>
        <translation>Subdistrict</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>周期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>导出图片 PNG…</source>
        <translation>Export image PNG…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出数据 .xlsx…</source>
        <translation>Export data .xlsx…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>月度统计报告 PDF…</source>
        <translation>Monthly statistics report PDF…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>事件趋势</source>
        <translation>Incident trend</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>各街镇</source>
        <translation>By subdistrict</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报告按时率</source>
        <translation>Reports on time</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>首报用时</source>
        <translation>Time to initial report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>通知确认</source>
        <translation>Notification confirmations</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>库存对比</source>
        <translation>Stock compared</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>规划指标</source>
        <translation>Plan indicators</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>对比的物资（设有最低库存的）</source>
        <translation>Items compared (those with a minimum stock)</translation>
    </message>
    <message>
        <location line="+85"/>
        <location line="+2"/>
        <source>导出图片</source>
        <translation>Export image</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>请先切换到一张统计图</source>
        <translation>Switch to a chart first</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>导出数据</source>
        <translation>Export data</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>未导出</source>
        <translation>Not exported</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>月度统计报告</source>
        <translation>Monthly statistics report</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>已生成 {path}</source>
        <translation>Written {path}</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/hazards/hazards_view.py" line="+11"/>
        <source>隐患台账</source>
        <translation>Hazard register</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>两张清单</source>
        <translation>Two lists</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>趋势</source>
        <translation>Trends</translation>
    </message>
</context>
<context>
    <name>attachments</name>
    <message>
        <location filename="../../xhduty/ui/attachments.py" line="-263"/>
        <source>可附加的文件 (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.heic *.pdf *.docx *.xlsx *.pptx *.doc *.xls *.ppt *.wps *.et);;所有文件 (*)</source>
        <translation>Attachable files (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.heic *.pdf *.docx *.xlsx *.pptx *.doc *.xls *.ppt *.wps *.et);;All files (*)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>整改前</source>
        <translation>Before rectification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>整改后</source>
        <translation>After rectification</translation>
    </message>
</context>
<context>
    <name>board</name>
    <message>
        <location filename="../../xhduty/ui/stats/board_view.py" line="-135"/>
        <source>……另有 {n} 项</source>
        <translation>… and {n} more</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>带班领导 &lt;b&gt;{leader}&lt;/b&gt;&#x3000;值班员 &lt;b&gt;{officers}&lt;/b&gt;</source>
        <translation>Duty leader &lt;b&gt;{leader}&lt;/b&gt;&#x3000;duty officers &lt;b&gt;{officers}&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{time} 接班</source>
        <translation>on duty since {time}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当前没有在岗班次</source>
        <translation>No shift on duty</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已超时</source>
        <translation>overdue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>下一报告 {label} {due}</source>
        <translation>next report {label} {due}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>报告：{what}</source>
        <translation>Report: {what}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>交办：{what}</source>
        <translation>Task: {what}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>隐患：{what}</source>
        <translation>Hazard: {what}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{group}&#x3000;已确认 {confirmed}/{total}（{time} 启动）</source>
        <translation>{group}&#x3000;{confirmed}/{total} confirmed (started {time})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{station} 值班态势&#x3000;{time}</source>
        <translation>{station} duty board&#x3000;{time}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>无生效的预警信号</source>
        <translation>No warning signal in force</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无未结事件</source>
        <translation>No open incidents</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>无超时未报告、未办结事项</source>
        <translation>No overdue reports or tasks</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无进行中的通知</source>
        <translation>No notification in progress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无低于最低库存的物资</source>
        <translation>No item below minimum stock</translation>
    </message>
</context>
<context>
    <name>conflicts</name>
    <message>
        <location filename="../../xhduty/ui/sync/conflicts_view.py" line="-73"/>
        <source>发现时间</source>
        <translation>Detected at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>数据</source>
        <translation>Data</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>现值（按规则保留）</source>
        <translation>Current value (kept by the rule)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>另一值（未采用）</source>
        <translation>Other value (not kept)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已处理</source>
        <translation>Handled</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>待处理</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>（已删除）</source>
        <translation> (deleted)</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../../xhduty/ui/resources/dialogs.py" line="-251"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
</context>
<context>
    <name>forms</name>
    <message>
        <location filename="../../xhduty/ui/forms.py" line="+68"/>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>hazards</name>
    <message>
        <location filename="../../xhduty/ui/hazards/lists_pane.py" line="-48"/>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>责任</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/hazards/trend_charts.py" line="-85"/>
        <source>发现</source>
        <translation>Found</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>整改完成</source>
        <translation>Rectified</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>按月</source>
        <translation>By month</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>按类别</source>
        <translation>By category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>按街镇</source>
        <translation>By street</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>近 12 个月</source>
        <translation>Last 12 months</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>近 3 年</source>
        <translation>Last 3 years</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>近 5 年</source>
        <translation>Last 5 years</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../xhduty/ui/resources/available.py" line="-202"/>
        <location line="+9"/>
        <location line="+11"/>
        <source>远近</source>
        <translation>Distance</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/hazards/model.py" line="+18"/>
        <location filename="core_labels.py" line="+30"/>
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../xhduty/ui/resources/available.py" line="-19"/>
        <location line="+9"/>
        <location line="+11"/>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="-256"/>
        <location filename="core_labels.py" line="+45"/>
        <source>街镇</source>
        <translation>Subdistrict</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="core_labels.py" line="+14"/>
        <source>隐患类别</source>
        <translation>Hazard category</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="core_labels.py" line="-1"/>
        <source>隐患等级</source>
        <translation>Hazard grade</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="core_labels.py" line="-29"/>
        <source>整改期限</source>
        <translation>Rectify by</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="core_labels.py" line="-30"/>
        <source>发现方式</source>
        <translation>Found by</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="core_labels.py" line="+53"/>
        <source>责任单位</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>督办</source>
        <translation>Supervised</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>回潮</source>
        <translation>Recurred</translation>
    </message>
    <message>
        <location filename="core_labels.py" line="-13"/>
        <source>登记</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>整改中</source>
        <translation>Being rectified</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>整改完成</source>
        <translation>Rectified</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>已销号</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/resources/available.py" line="-19"/>
        <location filename="../../xhduty/ui/resources/dialogs.py" line="+191"/>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="+1"/>
        <source>储备库</source>
        <translation>Depot</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="+1"/>
        <source>物资</source>
        <translation>Item</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="+2"/>
        <source>规格</source>
        <translation>Spec</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>可用</source>
        <translation>Available</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="+1"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>队伍</source>
        <translation>Team</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../xhduty/ui/resources/dialogs.py" line="+1"/>
        <location filename="core_labels.py" line="+24"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="core_labels.py" line="-56"/>
        <source>人数</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/hazards/model.py" line="-76"/>
        <location filename="../../xhduty/ui/resources/available.py" line="+1"/>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="+6"/>
        <location filename="core_labels.py" line="+52"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/resources/available.py" line="+1"/>
        <location filename="core_labels.py" line="+13"/>
        <source>负责人</source>
        <translation>Leader</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="core_labels.py" line="-12"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>专长</source>
        <translation>Skills</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="core_labels.py" line="+18"/>
        <source>避难场所</source>
        <translation>Shelters</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="core_labels.py" line="-16"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../xhduty/ui/resources/models.py" line="+46"/>
        <source>可再安置</source>
        <translation>Free places</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>容纳</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/hazards/model.py" line="+2"/>
        <location filename="../../xhduty/ui/resources/available.py" line="+1"/>
        <location filename="core_labels.py" line="-38"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/resources/available.py" line="+1"/>
        <location filename="core_labels.py" line="+41"/>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/resources/dialogs.py" line="-2"/>
        <source>日期时间</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="-5"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="+1"/>
        <source>有效期至</source>
        <translation>Expires</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="+1"/>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>结存</source>
        <translation>Balance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>经办人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>对方单位</source>
        <translation>Other party</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原因/备注</source>
        <translation>Reason / note</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/resources/resources_view.py" line="-5"/>
        <location filename="core_labels.py" line="-49"/>
        <source>分类代码</source>
        <translation>Class code</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>本库合计</source>
        <translation>Depot total</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最低库存</source>
        <translation>Minimum stock</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/duty/roster_view.py" line="-114"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>班次</source>
        <translation>Shift</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/duty/handover_view.py" line="-263"/>
        <source>班次开始</source>
        <translation>Shift started</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>交接时间</source>
        <translation>Handed over at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>交班值班员</source>
        <translation>Handing-over officer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>接班值班员</source>
        <translation>Taking-over officer</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../xhduty/ui/duty/roster_view.py" line="+1"/>
        <source>带班领导</source>
        <translation>Duty leader</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/duty/roster_view.py" line="+0"/>
        <source>值班员</source>
        <translation>Duty officers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>值班电话</source>
        <translation>Duty phone</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="core_labels.py" line="+12"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="core_labels.py" line="-29"/>
        <source>下步建议</source>
        <translation>Proposed next steps</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>专业领域</source>
        <translation>Field of expertise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>专家</source>
        <translation>Experts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>专长能力</source>
        <translation>Skills</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事件性质</source>
        <translation>Nature of the incident</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事件情况</source>
        <translation>What happened</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事发地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事发时间</source>
        <translation>Occurred at</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>伤亡及损失</source>
        <translation>Casualties and losses</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>伤亡和财产损失</source>
        <translation>Casualties and property damage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保养到期</source>
        <translation>Service due</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保管人</source>
        <translation>Keeper</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保险到期</source>
        <translation>Insurance due</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>信息来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>停放地点</source>
        <translation>Parked at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>储备库（点）</source>
        <translation>Depots</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>制度措施清单</source>
        <translation>Institutional measures list</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发展趋势</source>
        <translation>Likely development</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发现人</source>
        <translation>Found by (person)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>型号类型</source>
        <translation>Model / type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>基本情况</source>
        <translation>Basic facts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处置中</source>
        <translation>Being handled</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>复核销号</source>
        <translation>Verified and closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>容纳人数</source>
        <translation>Capacity (people)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已报</source>
        <translation>Reported</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已结束</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已超时</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已通报单位</source>
        <translation>Units informed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已采取措施</source>
        <translation>Measures taken</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>开始整改</source>
        <translation>Start rectification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>开放时间</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当前安置人数</source>
        <translation>People sheltered now</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>影响范围</source>
        <translation>Area affected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>战备状态</source>
        <translation>Readiness</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>接报</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>接报时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>救援队伍</source>
        <translation>Rescue teams</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>整改措施</source>
        <translation>Rectification measures</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>整治任务清单</source>
        <translation>Remediation task list</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未设时限</source>
        <translation>No deadline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>来电人</source>
        <translation>Caller</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>来电单位</source>
        <translation>Caller’s unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>每包装数量</source>
        <translation>Per package</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>物资目录</source>
        <translation>Item catalogue</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>职务</source>
        <translation>Post</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>规格型号</source>
        <translation>Spec / model</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>计时中</source>
        <translation>Running</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>计量单位</source>
        <translation>Unit of measure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>设施</source>
        <translation>Facilities</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>责任人</source>
        <translation>Person responsible</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>车牌/编号</source>
        <translation>Plate / number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>车辆装备</source>
        <translation>Vehicles and equipment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>隐患描述</source>
        <translation>Description of the hazard</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>面积（平方米）</source>
        <translation>Area (m²)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>领导到位情况</source>
        <translation>Leaders on scene</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>驻地</source>
        <translation>Based at</translation>
    </message>
</context>
<context>
    <name>notify</name>
    <message>
        <location filename="../../xhduty/ui/contacts/notify_run.py" line="-26"/>
        <source>（事件尚未同步到本站）</source>
        <translation>(incident not yet synced to this station)</translation>
    </message>
</context>
<context>
    <name>ops</name>
    <message>
        <location filename="../../xhduty/ui/ops.py" line="+90"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
</context>
<context>
    <name>views</name>
    <message>
        <location filename="../../xhduty/ui/resources/widgets.py" line="+31"/>
        <source>全部分类</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../xhduty/ui/areas.py" line="+41"/>
        <source>值班态势</source>
        <translation>Duty board</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>隐患排查</source>
        <translation>Hazard inspection</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>通讯录</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>交接班</source>
        <translation>Handover</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>突发事件</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>值班日志</source>
        <translation>Duty log</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>应急预案</source>
        <translation>Plans</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>应急资源</source>
        <translation>Resources</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>排班</source>
        <translation>Roster</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>统计分析</source>
        <translation>Statistics</translation>
    </message>
</context>
</TS>
