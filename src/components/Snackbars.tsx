import { SnackbarList } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useCallback } from '@wordpress/element';
import { store as noticesStore } from '@wordpress/notices';

/**
 * The snackbars of WordPress's notices store, shown in the app's frame: a tab raises one with useSnackbar() and
 * it stays when another tab opens.
 */
export function Snackbars() {
	const notices = useSelect(
		( select ) => select( noticesStore ).getNotices(),
		[]
	);
	const { removeNotice } = useDispatch( noticesStore );
	return (
		<SnackbarList
			notices={ notices.filter(
				( notice ) => notice.type === 'snackbar'
			) }
			onRemove={ ( id ) => removeNotice( id ) }
		/>
	);
}

/** Raises a snackbar (a short confirmation that fades away) through WordPress's notices store. */
export function useSnackbar(): ( content: string ) => void {
	const { createSuccessNotice } = useDispatch( noticesStore );
	return useCallback(
		( content: string ) => {
			createSuccessNotice( content, { type: 'snackbar' } );
		},
		[ createSuccessNotice ]
	);
}
