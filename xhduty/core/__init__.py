"""Domain and storage of xhduty.  Never imports Qt: everything the GUI does, the core can do on its own."""
