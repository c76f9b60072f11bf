"""Drives the python `photostation` client library (a Python 3 fork of skarppi/python-photostation)
against a running server, the way its README uses it, and checks what it gets back.

Run by scripts/clients/python-photostation.ts, which starts the server and checks the disk after.
Usage: python3 python_photostation_scenario.py <webapi-url-with-credentials> <root-album> <jpeg-file>
"""
import functools
import http.server
import os
import sys
import threading

import requests
from photostation import PhotoStationService
from photostation.service import PhotoStationPhoto

url, root, jpeg_file = sys.argv[1:4]
jpeg_size = os.path.getsize(jpeg_file)

# The library uploads from a `requests` response stream, so the photo comes from a web server.
origin = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(
    http.server.SimpleHTTPRequestHandler, directory=os.path.dirname(os.path.abspath(jpeg_file))))
threading.Thread(target=origin.serve_forever, daemon=True).start()
jpeg_url = 'http://127.0.0.1:%d/%s' % (origin.server_address[1], os.path.basename(jpeg_file))
checks = 0


def check(cond, what):
    global checks
    if not cond:
        raise SystemExit('FAILED: ' + what)
    checks += 1
    print('ok  ' + what)




def new_photo(album, filename, created, title=None, description=None, rating=None, lat=None, lng=None):
    # The fork's album.create_item() forgets three constructor arguments (a bug of the client's),
    # so build the local photo the way create_item() means to.
    return PhotoStationPhoto(None, album, filename, 'photo', created, None, None, title, description,
                             rating, lat, lng, '', {})


service = PhotoStationService(url, root)

# Nested albums created on demand, as the README's first step does.
album = service.album('2026/11/29', create=True)
check(album is not None and album.path == root + '/2026/11/29', 'album 2026/11/29 created under the root album')
check(service.album('2026/11/29', create=False) is not None, 'the new album is found again by listing')

created_ms = 1494603121000
photo = new_photo(album, 'sunset.jpg', created_ms, 'Sunset', 'Over the sea', 4)
check(photo.merge() is False, 'merge() of a photo not yet uploaded asks for an upload')

photo.save_content(requests.get(jpeg_url, stream=True))

album._items = None  # list again from the server
remote = album.item('sunset.jpg')
check(remote is not None, 'the uploaded photo is listed')
check(remote.filetype == 'photo', 'it is listed as a photo')
check(remote.title == b'Sunset' and remote.description == b'Over the sea', 'title and description stored')
check(remote.rating == 4, 'rating set through Photo.edit after the upload')
check(remote.filesize == jpeg_size, 'size listed: %d bytes' % remote.filesize)
check(remote.latitude is not None, 'GPS position read from the file: %s, %s' % (remote.latitude, remote.longitude))

thumbs = remote.thumbnails()
check(len(thumbs) >= 2, 'thumbnails() finds its sizes in thumbnail_status and thumb_size: ' + ','.join(thumbs))
for size, thumb in thumbs.items():
    check(isinstance(thumb.binary, bytes) and thumb.binary[:2] == b'\xff\xd8', size + ' thumbnail is a JPEG')
    check(int(thumb.x) > 0 and int(thumb.y) > 0, size + ' thumbnail has its resolution')

remote.addComment('a friend', 'What a view', 'friend@example.org')
comments = remote.comments()
check(len(comments) == 1 and comments[0].comment == 'What a view', 'comment created and listed')
remote.deleteComment(comments[0].id)
check(len(remote.comments()) == 0, 'comment deleted')

# A later run finds the same file and merges instead of uploading again. (merge() with changed
# text crashes inside the fork under Python 3 -- it formats bytes with str methods -- so the changes
# go through update(), the call merge() makes.)
again = new_photo(album, 'sunset.jpg', created_ms, rating=4, lat=remote.latitude, lng=remote.longitude)
check(again.merge() is True, 'merge() of an unchanged file needs no upload')
again.update({'title': 'Sunset at Porto', 'rating': 5})
album._items = None
updated = album.item('sunset.jpg')
check(updated.title == b'Sunset at Porto' and updated.rating == 5, 'merged title and rating stored')

second = new_photo(album, 'second.jpg', created_ms, rating=0)
second.save_content(requests.get(jpeg_url, stream=True))
album._items = None
check(album.item('second.jpg') is not None, 'a second upload is listed')
album.item('second.jpg').delete()
album._items = None
check(album.item('second.jpg') is None, 'a deleted photo is gone from the listing')

print('ALL %d CHECKS PASSED' % checks)
