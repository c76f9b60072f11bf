import { AboutPage } from '../library/about.ts';
import { route } from '../webapi/route.ts';

/**
 * The Photo Station 6 release this server answers as. Clients compare `version` to decide which
 * API versions and features to use; 3400 is a late 6.8 build, so they use the newest paths.
 */
const VERSION = '3400';
const VERSION_STRING = '6.8.16-3400';

/** SYNO.PhotoStation.Info.getinfo: the site as the configuration describes it. */
export const getinfo = route('none', { type: 'object', properties: {} }, ({ services }) => {
  const site = services.config.site;
  // About.set_visibility overrides the configuration's title and shows or hides the page.
  const about = new AboutPage(services.db).visibility();
  return {
    version: VERSION,
    version_string: VERSION_STRING,
    title: site.title,
    about_me_title: about.title ?? site.aboutMeTitle,
    sort_by: site.sortBy,
    sort_direction: site.sortDirection,
    paging_item_count: site.pagingItemCount,
    allow_download_album: site.allowDownloadAlbum,
    allow_download_orig: site.allowDownloadOrig,
    allow_download_video: site.allowDownloadVideo,
    hide_search: false,
    // Desc, people and geo tags all exist here (Tag, PhotoTag).
    virtual_tag: { desc_tag: true, geo_tag: true, people_tag: true },
    default_geo_location: { lat: site.defaultGeoLocation.lat, lng: site.defaultGeoLocation.lng },
    use_dsm_account: false,
    support_large_file: true,
    support_moments: false,
    allow_comment: site.allowComment,
    enable_face_recog: false,
    allow_public_share: false,
    is_personal_photostation: false,
    // The rest of what Photo Station 6 answers, which its web page and apps read as they start:
    // settings this server has no switch for, answered as the features it has (no social
    // networks, no blog, no RSS feed, no home category).
    use_album_explorer: true,
    paging_use_bar: true,
    folder_sort_direction: site.sortDirection,
    folder_sort_only_name: false,
    disable_right_button: false,
    hide_gps_from_normal_user: false,
    hide_rss_feed: true,
    enable_blog: false,
    allow_social_share: false,
    allow_social_upload: false,
    allow_social_upload_guest: false,
    social_network_list: [],
    home_category: null,
    default_album_public: services.config.defaultAlbumType === 'public',
    disable_aboutme: about.hidden,
    show_album_hit: false,
    collapse_left_panel: false,
    show_lightbox_information: false,
    use_pop_window_to_edit_desc: false,
    def_album_disable_conversion: false,
  };
});
