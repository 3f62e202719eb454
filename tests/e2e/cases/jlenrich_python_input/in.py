{'id': 1, 'ok': True, 'v': None, 'name': 'O\'Brien'}
