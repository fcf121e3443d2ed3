def invite(email): return email
