def test_invite(): pass
