// The watch's session store lives in shared/store (both watch shells use it); this module keeps
// the Zepp pages' import path.
export * from '../../shared/store/sessionStore';
