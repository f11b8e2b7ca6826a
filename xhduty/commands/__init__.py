"""Sub-commands of ``xhduty``: one module per area, each with ``register(subparsers)``.

:data:`COMMANDS` names, for every top-level command, the module that registers it and its one-line help,
so that the command line imports only the module of the command being run (see :mod:`xhduty.cli`).
A new command goes into its area's module and into this table; ``tests/test_cli_start.py`` fails when
the two disagree.
"""

COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("station", "初始化本站（站点代码、名称、类型）"),
    "demo": ("station", "载入示例数据（排班、通讯录、储备库和库存、队伍、避难场所；均标注“示例数据”）"),
    "check": ("station", "检查数据库完整性和值班日志哈希链"),
    "backup": ("station", "在程序运行时写出一致的数据库备份"),
    "shift": ("duty", "班次"),
    "log": ("duty", "值班日志"),
    "handover": ("duty", "交接班：结束本班、开始下一班并打印交接班单；list/print 查看和补打往班交接班单"),
    "roster": ("roster", "排班表"),
    "types": ("incidents", "事件类别和子类代码"),
    "incident": ("incidents", "突发事件：立案、报告、定级、交办"),
    "rules": ("incidents", "报告时限规则（本地设置）"),
    "signal": ("signals", "气象预警信号：发布、解除、查看"),
    "plans": ("plans", "应急预案：导入、浏览、检索、匹配、启动响应"),
    "depot": ("resources", "储备库（点）"),
    "item": ("resources", "物资目录"),
    "stock": ("resources", "库存台账：入库、出库、调拨、盘点、归还、报废"),
    "resources": ("resources", "应急资源：导入导出、就近查找、队伍与避难场所"),
    "contacts": ("contacts", "通讯录：导入导出、查找、核实、删除、打印"),
    "notify": ("notify", "通知：按通知组逐一通知并跟踪确认"),
    "board": ("stats", "值班态势：在岗、预警、未结事件、超时、通知、库存不足"),
    "stats": ("stats", "统计：各统计图的数据、导出 .xlsx、月度统计报告 PDF"),
    "indicator": ("stats", "规划主要指标"),
    "jobs": ("jobs", "定时检查"),
    "sync": ("sync", "与同步中心交换数据（地址和令牌记住，下次不必再写）；sync status 查看待传和拒收"),
    "status": ("sync", "同步状态：待上传变更、上次同步、同步中心"),
    "hub": ("hub", "区同步中心（管理员）"),
    "hazard": ("hazard", "隐患排查治理：登记、整改、复核销号、督办、台账导入导出、通知书"),
    "attach": ("attach", "附件：给值班记录、突发事件、隐患、避难场所、救援队伍附加文件"),
    "screenshot": ("screenshot", "把主窗口画成 PNG（无需显示器），并检查中文字形"),
}
