"""Members' accounts: who is a confirmed member, the member pages and account deletion (docs/members.md)."""
