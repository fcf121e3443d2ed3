class Invite: pass
