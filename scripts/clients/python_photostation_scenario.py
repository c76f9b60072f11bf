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
from photostation import PhotoStationService, SynologyException
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

# Tags. The fork has no tag methods of its own (only the error texts 467/468), so the tag calls go
# through its session, PhotoStationService.query(), with the requests two public tag clients send:
# the Lightroom plugin flingo64/PhotoStation-Upload-Lr-Plugin (PSPhotoStationAPI.lua: getTags,
# createTag, addPhotoTag, getPhotoTags, removePhotoTag) and schnatterer/dsdl, the former
# photostationtagdownloader (Tag.list, then Photo.list filter_tag, then Download.getphoto per photo).
query = PhotoStationService.query
photo_id = updated.photoid


def tag_names(tags):
    return sorted((t['tag_type'] if 'tag_type' in t else t['type'], t['name']) for t in tags)


before = query('SYNO.PhotoStation.Tag', {'method': 'list', 'type': 'desc', 'offset': 0, 'limit': -1})
check(before['total'] == len(before['tags']), 'Tag.list type=desc limit=-1 (Lightroom getTags) answers total and tags: %d' % before['total'])
atlantic = query('SYNO.PhotoStation.Tag', {'method': 'create', 'type': 'desc', 'name': 'Atlantic'})['id']
anna = query('SYNO.PhotoStation.Tag', {'method': 'create', 'type': 'people', 'name': 'Anna'})['id']
porto = query('SYNO.PhotoStation.Tag', {'method': 'create', 'type': 'geo', 'name': 'Porto'})['id']  # no coordinates, as Lightroom creates it
check(all(t.startswith('tag_') for t in (atlantic, anna, porto)) and len({atlantic, anna, porto}) == 3, 'Tag.create desc, people and geo: ' + ', '.join((atlantic, anna, porto)))
try:
    query('SYNO.PhotoStation.Tag', {'method': 'create', 'type': 'desc', 'name': 'Atlantic'})
    check(False, 'a second desc tag named Atlantic is refused')
except SynologyException as e:
    check(e.code == 441, 'a second desc tag named Atlantic is refused (441)')
after = query('SYNO.PhotoStation.Tag', {'method': 'list', 'type': 'desc', 'offset': 0, 'limit': -1})
check(after['total'] == before['total'] + 1 and any(t['id'] == atlantic and t['name'] == 'Atlantic' for t in after['tags']), 'the new desc tag is listed, the others not under desc')

added = query('SYNO.PhotoStation.PhotoTag', {'method': 'desc_tag', 'tag_id': atlantic, 'id': photo_id})
check(len(added['item_tag_ids']) == 1, 'PhotoTag.desc_tag puts Atlantic on the photo: ' + added['item_tag_ids'][0])
added = query('SYNO.PhotoStation.PhotoTag', {'method': 'people_tag', 'tag_id': anna, 'id': photo_id,
                                             'x': 0.25, 'y': 0.1, 'width': 0.5, 'height': 0.4})
check(len(added['item_tag_ids']) == 1, 'PhotoTag.people_tag puts Anna on the photo with a face region')
anna_link = added['item_tag_ids'][0]
added = query('SYNO.PhotoStation.PhotoTag', {'method': 'geo_tag', 'tag_id': porto, 'id': photo_id,
                                             'address': 'Ribeira, Porto', 'lat': 41.1406, 'lng': -8.6110, 'place_id': ''})
check(len(added['item_tag_ids']) == 1, 'PhotoTag.geo_tag puts Porto on the photo (with the address fields Lightroom sends)')

on_photo = query('SYNO.PhotoStation.PhotoTag', {'method': 'list', 'type': 'people,geo,desc', 'additional': 'info', 'id': photo_id})['tags']
check(tag_names(on_photo) == [('desc', 'Atlantic'), ('geo', 'Porto'), ('people', 'Anna')], 'PhotoTag.list (Lightroom getPhotoTags) names the three tags: %s' % tag_names(on_photo))
face = next(t for t in on_photo if t['type'] == 'people')
region = face['additional']['info']
check(face['item_tag_id'] == anna_link and (region['x'], region['y'], region['width'], region['height']) == (0.25, 0.1, 0.5, 0.4),
      'the people tag carries its item_tag_id and its region')

# dsdl: every desc tag, then the photos of each, then each photo's bytes.
listed = query('SYNO.PhotoStation.Tag', {'method': 'list', 'type': 'desc', 'sort_by': 'title', 'sort_direction': 'asc', 'offset': 0,
                                         'thumbnail_status': 'true', 'limit': '999999999999', 'additional': 'info,thumb_size'})
check(any(t['id'] == atlantic for t in listed['tags']), 'Tag.list with dsdl\'s limit=999999999999 and sort_by=title lists Atlantic')
tagged = query('SYNO.PhotoStation.Photo', {'method': 'list', 'filter_tag': atlantic, 'sort_by': 'filename', 'sort_direction': 'asc', 'offset': 0,
                                           'limit': '999999999999', 'type': 'photo,video', 'additional': 'photo_exif,video_codec,video_quality,thumb_size'})
check([i['id'] for i in tagged['items']] == [photo_id] and tagged['items'][0]['info']['name'] == 'sunset.jpg', 'Photo.list filter_tag=Atlantic finds exactly sunset.jpg')
found = query('SYNO.PhotoStation.Photo', {'method': 'list', 'keyword': 'Atlantic', 'offset': 0, 'limit': -1, 'type': 'photo,video'})
check([i['id'] for i in found['items']] == [photo_id], 'Photo.list keyword=Atlantic (search) finds the photo by its tag')
session = PhotoStationService.session
got = session.session.get(session.url + session.info['SYNO.PhotoStation.Download']['path'],
                          params={'api': 'SYNO.PhotoStation.Download', 'method': 'getphoto', 'version': 1, 'id': photo_id})
with open(jpeg_file, 'rb') as f:
    check(got.status_code == 200 and got.content == f.read(), 'Download.getphoto by GET with the session cookie only (dsdl) gives the original bytes')

query('SYNO.PhotoStation.PhotoTag', {'method': 'delete', 'item_tag_id': anna_link, 'id': photo_id})
on_photo = query('SYNO.PhotoStation.PhotoTag', {'method': 'list', 'type': 'people,geo,desc', 'additional': 'info', 'id': photo_id})['tags']
check(tag_names(on_photo) == [('desc', 'Atlantic'), ('geo', 'Porto')], 'PhotoTag.delete by item_tag_id (Lightroom removePhotoTag) takes Anna off only')
query('SYNO.PhotoStation.Tag', {'method': 'edit', 'id': porto, 'name': 'Porto, Ribeira'})
info = query('SYNO.PhotoStation.Tag', {'method': 'getinfo', 'id': porto})['tags']
check(len(info) == 1 and info[0]['name'] == 'Porto, Ribeira', 'Tag.edit renames the geo tag; Tag.getinfo reads the new name')
query('SYNO.PhotoStation.Tag', {'method': 'delete', 'id': porto})
on_photo = query('SYNO.PhotoStation.PhotoTag', {'method': 'list', 'type': 'people,geo,desc', 'additional': 'info', 'id': photo_id})['tags']
geo = query('SYNO.PhotoStation.Tag', {'method': 'list', 'type': 'geo', 'offset': 0, 'limit': -1})
check(tag_names(on_photo) == [('desc', 'Atlantic')] and all(t['id'] != porto for t in geo['tags']), 'Tag.delete removes the geo tag from the list and from the photo')
# Atlantic stays on the photo: the runner restarts the server and asks again.

second = new_photo(album, 'second.jpg', created_ms, rating=0)
second.save_content(requests.get(jpeg_url, stream=True))
album._items = None
check(album.item('second.jpg') is not None, 'a second upload is listed')
album.item('second.jpg').delete()
album._items = None
check(album.item('second.jpg') is None, 'a deleted photo is gone from the listing')

print('ALL %d CHECKS PASSED' % checks)
