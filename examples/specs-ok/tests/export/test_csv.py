def test_export(): pass
