import { Button, Modal, Notice, ToggleControl } from '@wordpress/components';
import { DataViews } from '@wordpress/dataviews/wp';
import type { Action, View } from '@wordpress/dataviews/wp';
import {
	useEffect,
	useLayoutEffect,
	useMemo,
	useRef,
	useState,
} from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import '@wordpress/dataviews/build-style/style.css';
import './sessions.scss';
import {
	listSessions,
	takePreloadedList,
	type BulkDeleteOutcome,
	type SessionList,
	type SessionRow,
} from '../../api/sessions';
import { exportUrl } from '../../api/stats';
import { formatDateTime } from '../../format';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';
import { useRoute } from '../../hooks/useRoute';
import { useUrlParams } from '../../hooks/useUrlParams';
import { LiveStatus } from '../LiveStatus';
import { useSnackbar } from '../Snackbars';
import { DeleteSessions, type DeleteTarget } from './DeleteSessions';
import { sessionFields } from './fields';
import { ListProblem } from './ListProblem';
import { useCopyRestoreLink } from './RecoveryActions';
import { PresetViews } from './PresetViews';
import { SessionDetail } from './SessionDetail';
import { useNarrowScreen } from './useNarrowScreen';
import {
	CART_PARAM,
	PER_PAGE_SIZES,
	VIEW_PARAMS,
	presetOf,
	showsOnlyExpired,
	viewToFilter,
	viewToQuery,
} from './view';

/** What a phone shows under each customer: value, expiry and status. */
const PHONE_FIELDS = [ 'total', 'expires', 'status' ];

/** Between two reads of the details an items filter or sort still needs. */
const DETAILS_POLL_MS = 300;

/**
 * DataViews counts rows as "Items" (its own strings, in WordPress's default domain); beside an Items column that
 * reads as a number of products. On this screen its rows are carts: the filter swaps in our words, through
 * WordPress's i18n hooks (wp.hooks, which wp-i18n itself loads; absent outside WordPress, as in unit tests).
 * @param translation
 * @param single
 * @param _plural
 * @param count
 */
function rowsAreCarts(
	translation: string,
	single: string,
	_plural: string,
	count: number
): string {
	if ( single === '%d Item' ) {
		/* translators: %d: number of carts */
		return _n( '%d cart', '%d carts', count, 'cart-sessions-for-cocart' );
	}
	if ( single === '%d Item selected' ) {
		/* translators: %d: number of carts */
		return _n(
			'%d cart selected',
			'%d carts selected',
			count,
			'cart-sessions-for-cocart'
		);
	}
	if ( single === '%1$d of %2$d Item' ) {
		/* translators: 1: carts on this page, 2: all matching carts */
		return _n(
			'%1$d of %2$d cart',
			'%1$d of %2$d carts',
			count,
			'cart-sessions-for-cocart'
		);
	}
	return translation;
}
(
	window as unknown as {
		wp?: { hooks?: { addFilter: ( ...args: unknown[] ) => void } };
	}
 ).wp?.hooks?.addFilter(
	'i18n.ngettext_default',
	'cart-sessions/rows-are-carts',
	rowsAreCarts
);

/** The answer is for a page past the last one (carts were deleted meanwhile). */
function outOfRange( list: SessionList ): boolean {
	return list.total_pages > 0 && list.page > list.total_pages;
}

/**
 * The Sessions tab: every cart the store holds, paged, searched, filtered and sorted by our REST route (CoCart's
 * own list has none of that), with a detail panel and deletes.
 */
export default function SessionsTab( {
	onOpenTab,
}: {
	onOpenTab: ( tab: 'settings' | 'cleanup' ) => void;
} ) {
	const [ view, setView ] = useUrlParams( VIEW_PARAMS );
	// The open cart, in the URL too (cart=…), so Back closes the panel and a reload reopens it.
	const [ openKey, setOpenKey ] = useUrlParams( CART_PARAM );
	const narrow = useNarrowScreen();
	const [ selection, setSelection ] = useState< string[] >( [] );
	// "Select all N matching": the selection stands for every cart the view matches, not just this page's rows.
	const [ allMatching, setAllMatching ] = useState( false );
	const [ deleteTarget, setDeleteTarget ] = useState< DeleteTarget | null >(
		null
	);
	const snackbar = useSnackbar();
	const root = useRef< HTMLDivElement >( null );
	// Set when the rows change under the user (another page, a delete): focus then goes to the first row, not
	// to <body> (the paging button may be disabled now, the deleted row's menu button is gone).
	const focusFirstRow = useRef( false );

	const query = useMemo( () => viewToQuery( view ), [ view ] );
	const queryKey = JSON.stringify( query );
	// The first page, when the admin page holds it: rows on the first render (no empty table rendered first).
	const [ preloaded ] = useState( () =>
		takePreloadedList( { ...query, details: 'cached' } )
	);

	// A selection belongs to the rows it was made on: another page, filter or answer clears it.
	useEffect( () => {
		setSelection( [] );
		setAllMatching( false );
	}, [ queryKey ] );

	// Rows first, from what the site has cached (the first page may even be in the page already, preloaded); item
	// counts and totals the store still has to be asked for follow at once in a details=wait request. The items
	// filter and sort need every matching cart's detail, which the route reads within a time budget, saying how
	// many are left: ask again until none are.
	const route = useRoute(
		queryKey,
		( { signal, refresh: bypassCache, live: periodic, poll } ) =>
			listSessions(
				{
					...query,
					refresh: bypassCache,
					live: periodic,
					details: poll === 0 ? 'cached' : 'wait',
				},
				signal
			),
		{
			pollAfter: ( answer, poll ) => {
				if ( answer.details_pending === 0 || outOfRange( answer ) ) {
					return false;
				}
				return poll === 0 ? 0 : DETAILS_POLL_MS;
			},
			initial: preloaded,
			// After deletes the page may no longer exist: go to the last one that does.
			onAnswer: ( answer ) => {
				if ( outOfRange( answer ) ) {
					setView( { ...view, page: answer.total_pages } );
				}
			},
		}
	);
	const { data: list, error, loading, refresh } = route;
	// Live: the page asks again every minute while the tab is visible, quietly, keeping the page, the selection
	// and an open cart.
	const [ liveOn, setLiveOn ] = useState( false );
	const live = useLiveRefresh( route, liveOn );
	const copyRestoreLink = useCopyRestoreLink();
	// Beside Refresh and Export CSV on a wide screen; on a phone that row has no room left, so above the list.
	const liveControls = (
		<>
			<ToggleControl
				__nextHasNoMarginBottom
				className="cart-sessions-live-toggle"
				label={ __( 'Update live', 'cart-sessions-for-cocart' ) }
				checked={ liveOn }
				onChange={ setLiveOn }
			/>
			{ liveOn && <LiveStatus live={ live } /> }
		</>
	);

	useEffect( () => {
		if ( loading || ! focusFirstRow.current || deleteTarget || openKey ) {
			return;
		}
		// After the closing modal has handed focus back (to an element that may no longer exist). The flag is
		// cleared only once focus is placed: an answer arriving before the timer (the details follow-up) cancels
		// it, and the next run of this effect must try again.
		const timer = window.setTimeout( () => {
			focusFirstRow.current = false;
			const row = root.current?.querySelector( 'tbody tr' );
			row?.querySelector< HTMLElement >(
				'input, button, [tabindex="0"]'
			)?.focus();
		} );
		return () => window.clearTimeout( timer );
	}, [ loading, list, deleteTarget, openKey ] );

	const pending = list?.details_pending ?? 0;

	// The plain table the page printed for its first paint (includes/Admin/FirstPaint.php) gives way to this one
	// in the same frame this one shows its rows (or the problem), or when another tab opens first.
	useLayoutEffect( () => {
		const firstPaint = () =>
			document.getElementById( 'cart-sessions-first-paint' )?.remove();
		if ( list || error ) {
			firstPaint();
		}
		return firstPaint;
	}, [ list, error ] );

	const fields = useMemo( () => sessionFields(), [] );

	const canDelete = list?.can_delete ?? true;
	const actions = useMemo< Action< SessionRow >[] >(
		() => [
			{
				id: 'view',
				label: __( 'View details', 'cart-sessions-for-cocart' ),
				isPrimary: true,
				callback: ( items ) => setOpenKey( items[ 0 ].key ),
			},
			{
				id: 'copy-key',
				label: __( 'Copy key', 'cart-sessions-for-cocart' ),
				callback: ( items ) => copyKey( items[ 0 ].key ),
			},
			{
				id: 'copy-restore-link',
				label: __( 'Copy restore link', 'cart-sessions-for-cocart' ),
				isEligible: ( item ) => !! item.restore_link,
				callback: ( items ) => copyRestoreLink( items[ 0 ] ),
			},
			{
				id: 'delete',
				label: __( 'Delete', 'cart-sessions-for-cocart' ),
				supportsBulk: true,
				disabled: ! canDelete,
				// Not offered at all with a read-only key: DataViews' bulk (selection) toolbar ignores `disabled`,
				// and the store would refuse each cart. The tab's notice says why.
				isEligible: ( item ) => canDelete && ! item.is_key_owner,
				callback: ( items ) =>
					setDeleteTarget(
						allMatchingRef.current
							? {
									kind: 'filter',
									filter: viewToFilter( viewRef.current ),
									count: totalRef.current,
									expiredOnly: showsOnlyExpired(
										viewRef.current
									),
								}
							: { kind: 'keys', rows: items }
					),
			},
		],
		// eslint-disable-next-line react-hooks/exhaustive-deps -- copyKey only calls the snackbar.
		[ canDelete, copyRestoreLink ]
	);

	const filter = viewToFilter( view );
	const filtered = Object.keys( filter ).length > 0;
	const total = list?.total ?? 0;
	const rows = error ? [] : ( list?.items ?? [] );
	// The delete action reads these when it runs (its callback is made once per canDelete).
	const allMatchingRef = useRef( allMatching );
	const viewRef = useRef( view );
	const totalRef = useRef( total );
	allMatchingRef.current = allMatching;
	viewRef.current = view;
	totalRef.current = total;
	const selectable = rows.filter(
		( row ) => canDelete && ! row.is_key_owner
	);
	const wholePageSelected =
		selectable.length > 0 &&
		selectable.every( ( row ) => selection.includes( row.key ) );
	const openIndex = rows.findIndex( ( row ) => row.key === openKey );

	async function copyKey( key: string ) {
		try {
			await window.navigator.clipboard.writeText( key );
			snackbar( __( 'Cart key copied.', 'cart-sessions-for-cocart' ) );
		} catch {
			snackbar(
				__(
					'The browser did not allow copying: select the key in the row and copy it.',
					'cart-sessions-for-cocart'
				)
			);
		}
	}

	const onDeleted = ( outcome: BulkDeleteOutcome ) => {
		const content =
			outcome.failed > 0
				? sprintf(
						/* translators: 1: carts deleted, 2: carts that could not be deleted */
						_n(
							'%1$d cart deleted; %2$d could not be deleted.',
							'%1$d carts deleted; %2$d could not be deleted.',
							outcome.deleted,
							'cart-sessions-for-cocart'
						),
						outcome.deleted,
						outcome.failed
					)
				: sprintf(
						/* translators: %d: carts deleted */
						_n(
							'%d cart deleted.',
							'%d carts deleted.',
							outcome.deleted,
							'cart-sessions-for-cocart'
						),
						outcome.deleted
					);
		snackbar( content );
		focusFirstRow.current = true;
		setSelection( [] );
		setAllMatching( false );
		refresh();
	};

	return (
		<div className="cart-sessions-sessions" ref={ root }>
			{ error && (
				<ListProblem
					error={ error }
					onRetry={ refresh }
					onOpenTab={ onOpenTab }
				/>
			) }
			{ list?.stale && (
				<Notice status="warning" isDismissible={ false }>
					{ sprintf(
						/* translators: %s: date and time */
						__(
							'The store did not answer just now, so these carts are as they were at %s. Refresh to try again.',
							'cart-sessions-for-cocart'
						),
						formatDateTime( list.fetched_at )
					) }
				</Notice>
			) }
			{ pending > 0 && (
				<Notice
					status="info"
					isDismissible={ false }
					className="cart-sessions-details-pending"
				>
					{ sprintf(
						/* translators: %d: number of carts */
						_n(
							'Reading the items of %d more cart from the store to filter or sort by items; the table updates by itself.',
							'Reading the items of %d more carts from the store to filter or sort by items; the table updates by itself.',
							pending,
							'cart-sessions-for-cocart'
						),
						pending
					) }
				</Notice>
			) }
			{ list && ! list.can_delete && (
				<Notice status="info" isDismissible={ false }>
					{ list.can_delete_reason ??
						__(
							'Deleting is turned off for this connection.',
							'cart-sessions-for-cocart'
						) }
				</Notice>
			) }
			<PresetViews
				view={ view }
				onChange={ ( next ) => {
					focusFirstRow.current = true;
					setView( next );
				} }
			/>
			{ narrow && ! ( error && ! list ) && (
				<div className="cart-sessions-live-row">{ liveControls }</div>
			) }
			{ ! ( error && ! list ) && (
				<DataViews< SessionRow >
					data={ rows }
					fields={ fields }
					// The layout follows the screen: a list on a phone (customer, value, expiry), else the table.
					view={
						( narrow
							? { ...view, type: 'list', fields: PHONE_FIELDS }
							: { ...view, type: 'table' } ) as View
					}
					onChangeView={ ( next: View ) => {
						focusFirstRow.current ||= next.page !== view.page;
						// The phone's layout and its columns are not the view's (nor the URL's).
						setView( {
							...next,
							type: 'table',
							fields: narrow ? view.fields : next.fields,
						} as View );
					} }
					actions={ actions }
					getItemId={ ( item ) => item.key }
					isLoading={ loading }
					paginationInfo={ {
						totalItems: total,
						totalPages: list?.total_pages ?? 0,
					} }
					defaultLayouts={ narrow ? { list: {} } : { table: {} } }
					selection={ narrow ? [] : selection }
					onChangeSelection={ ( keys: string[] ) => {
						// A phone's list has no selection: tapping a customer opens the cart, full screen.
						if ( narrow ) {
							setOpenKey( keys[ 0 ] ?? null );
							return;
						}
						setSelection( keys );
						setAllMatching( false );
					} }
					config={ { perPageSizes: PER_PAGE_SIZES } }
					searchLabel={ __(
						'Search key, name or email',
						'cart-sessions-for-cocart'
					) }
					empty={ <p>{ emptyText( view, filtered ) }</p> }
					header={
						<>
							<Button
								variant="tertiary"
								size="compact"
								onClick={ refresh }
							>
								{ __( 'Refresh', 'cart-sessions-for-cocart' ) }
							</Button>
							<Button
								variant="tertiary"
								size="compact"
								href={ exportUrl(
									filter,
									query.orderby,
									query.order
								) }
							>
								{ __(
									'Export CSV',
									'cart-sessions-for-cocart'
								) }
							</Button>
							{ ! narrow && liveControls }
						</>
					}
				/>
			) }

			{ wholePageSelected && total > selectable.length && (
				<SelectAllMatching
					pageCount={ selection.length }
					total={ total }
					chosen={ allMatching }
					onChoose={ setAllMatching }
				/>
			) }

			{ openKey && (
				<Modal
					title={ __( 'Cart', 'cart-sessions-for-cocart' ) }
					onRequestClose={ () => setOpenKey( null ) }
					size="large"
					isFullScreen={ narrow }
					className="cart-sessions-detail-modal"
				>
					<SessionDetail
						key={ openKey }
						cartKey={ openKey }
						canDelete={ canDelete }
						onDelete={ ( row ) => {
							setOpenKey( null );
							setDeleteTarget( { kind: 'keys', rows: [ row ] } );
						} }
						onPrevious={
							openIndex > 0
								? () => setOpenKey( rows[ openIndex - 1 ].key )
								: undefined
						}
						onNext={
							openIndex >= 0 && openIndex < rows.length - 1
								? () => setOpenKey( rows[ openIndex + 1 ].key )
								: undefined
						}
					/>
				</Modal>
			) }

			{ deleteTarget && (
				<Modal
					title={ __( 'Delete carts', 'cart-sessions-for-cocart' ) }
					onRequestClose={ () => setDeleteTarget( null ) }
				>
					<DeleteSessions
						target={ deleteTarget }
						onClose={ () => setDeleteTarget( null ) }
						onDeleted={ onDeleted }
					/>
				</Modal>
			) }
		</div>
	);
}

/**
 * What an empty table says: the default view has no live carts, another view no matches, or the store no carts.
 * @param view
 * @param filtered
 */
function emptyText( view: View, filtered: boolean ): string {
	if ( presetOf( view ) === 'live' && ! view.search ) {
		return __(
			'No live carts: no customer has a cart they can still come back to. Expired carts are under “Expired”.',
			'cart-sessions-for-cocart'
		);
	}
	return filtered
		? __(
				'No carts match this search and these filters.',
				'cart-sessions-for-cocart'
			)
		: __(
				'No carts in session: the store has no carts right now.',
				'cart-sessions-for-cocart'
			);
}

/**
 * Under a selection of the whole page: "Select all N matching carts", as WooCommerce's Orders list offers it. Once
 * chosen, the bulk Delete deletes every cart the view matches (counted and confirmed again).
 * @param root0
 * @param root0.pageCount
 * @param root0.total
 * @param root0.chosen
 * @param root0.onChoose
 */
function SelectAllMatching( {
	pageCount,
	total,
	chosen,
	onChoose,
}: {
	pageCount: number;
	total: number;
	chosen: boolean;
	onChoose: ( chosen: boolean ) => void;
} ) {
	return (
		<p className="cart-sessions-select-all" role="status">
			{ chosen
				? sprintf(
						/* translators: %d: number of carts */
						_n(
							'The %d cart that matches this view is selected.',
							'All %d carts that match this view are selected.',
							total,
							'cart-sessions-for-cocart'
						),
						total
					)
				: sprintf(
						/* translators: %d: number of carts on this page */
						_n(
							'The %d cart on this page is selected.',
							'All %d carts on this page are selected.',
							pageCount,
							'cart-sessions-for-cocart'
						),
						pageCount
					) }{ ' ' }
			<Button variant="link" onClick={ () => onChoose( ! chosen ) }>
				{ chosen
					? __( 'Select only this page', 'cart-sessions-for-cocart' )
					: sprintf(
							/* translators: %d: number of carts */
							_n(
								'Select the %d matching cart',
								'Select all %d matching carts',
								total,
								'cart-sessions-for-cocart'
							),
							total
						) }
			</Button>
		</p>
	);
}
