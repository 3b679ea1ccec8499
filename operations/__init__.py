"""One function per job, shared by the app (ui/) and the command line (cli/): see base.py."""
