project = "skyline"
release = "0.4.0"
