"""xhduty — 徐汇应急值守: the duty-room workstation of the Xuhui District emergency-management system."""

__version__ = "0.1.0"
