import { Button, Notice } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { MouseEvent, ReactNode } from 'react';
import { getHistory, getStats, type Stats } from '../../api/stats';
import { formatDateTime, formatMoney } from '../../format';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';
import { useRoute } from '../../hooks/useRoute';
import type { TabName } from '../../types';
import { LiveStatus } from '../LiveStatus';
import { Spinner } from '../Loading';
import { sourceLabel } from '../sessions/fields';
import { ListProblem } from '../sessions/ListProblem';
import { PRESETS } from '../sessions/view';
import { isPlainClick, sessionsUrl, type SessionsParams } from './links';
import { TrendChart } from './TrendChart';
import './overview.scss';

/** How long to wait between polls while the first scan runs (each GET itself advances it for a few seconds). */
export const POLL_MS = 1500;

const NEEDS_LIST_LABELS: Record< string, () => string > = {
	with_items: () => __( 'carts with items', 'cart-sessions-for-cocart' ),
	empty: () => __( 'empty carts', 'cart-sessions-for-cocart' ),
	value_total: () => __( 'total value', 'cart-sessions-for-cocart' ),
	avg_items: () => __( 'average items', 'cart-sessions-for-cocart' ),
	value_expiring_6h: () =>
		__( 'value expiring within 6 hours', 'cart-sessions-for-cocart' ),
	value_expiring_24h: () =>
		__( 'value expiring within 24 hours', 'cart-sessions-for-cocart' ),
	worth_chasing: () =>
		__( 'carts worth chasing', 'cart-sessions-for-cocart' ),
	top_products: () => __( 'top products', 'cart-sessions-for-cocart' ),
};

/** The Sessions tab's "Worth chasing" view: live carts with items and an email, highest value first. */
const WORTH_CHASING =
	PRESETS.find( ( preset ) => preset.id === 'worth' )?.params ?? {};

function count( value: number | null ): string {
	return value === null ? '—' : new Intl.NumberFormat().format( value );
}

interface Figure {
	id: string;
	label: string;
	value: string;
	/** The Sessions tab filtered to exactly the carts behind the number. */
	link: SessionsParams;
	/** More about the number (shown under it). */
	hint?: string;
}

function figures( stats: Stats ): Array< { title: string; items: Figure[] } > {
	const money = ( amount: string | null ) =>
		formatMoney( amount, stats.currency );
	return [
		{
			title: __( 'Carts', 'cart-sessions-for-cocart' ),
			items: [
				{
					id: 'carts',
					label: __( 'Carts in session', 'cart-sessions-for-cocart' ),
					value: count( stats.carts ),
					link: { status: 'all' },
					hint:
						stats.key_owner_carts > 0
							? __(
									'Not counting the API key’s own cart, which the Sessions tab lists and marks.',
									'cart-sessions-for-cocart'
								)
							: undefined,
				},
				{
					id: 'active',
					label: __( 'Active', 'cart-sessions-for-cocart' ),
					value: count( stats.active ),
					link: { status: 'active' },
				},
				{
					id: 'expiring',
					label: __(
						'Expiring within 6 hours',
						'cart-sessions-for-cocart'
					),
					value: count( stats.expiring ),
					link: { status: 'expiring' },
				},
				{
					id: 'expired',
					label: __( 'Expired', 'cart-sessions-for-cocart' ),
					value: count( stats.expired ),
					link: { status: 'expired' },
				},
				{
					id: 'with_items',
					label: __( 'With items', 'cart-sessions-for-cocart' ),
					value: count( stats.with_items ),
					link: { status: 'all', has_items: 'yes' },
				},
				{
					id: 'empty',
					label: __( 'Empty', 'cart-sessions-for-cocart' ),
					value: count( stats.empty ),
					link: { status: 'all', has_items: 'no' },
				},
			],
		},
		{
			title: __( 'Value', 'cart-sessions-for-cocart' ),
			items: [
				{
					id: 'value_total',
					label: __( 'Total value', 'cart-sessions-for-cocart' ),
					value: money( stats.value_total ),
					link: {
						status: 'all',
						has_items: 'yes',
						orderby: 'total',
						order: 'desc',
					},
				},
				{
					id: 'avg_items',
					label: __(
						'Average items per cart with items',
						'cart-sessions-for-cocart'
					),
					value:
						stats.avg_items === null
							? '—'
							: new Intl.NumberFormat( undefined, {
									maximumFractionDigits: 2,
								} ).format( stats.avg_items ),
					link: {
						status: 'all',
						has_items: 'yes',
						orderby: 'item_count',
						order: 'desc',
					},
				},
				{
					id: 'value_expiring_6h',
					label: __(
						'Value expiring within 6 hours',
						'cart-sessions-for-cocart'
					),
					value: money( stats.value_expiring_6h ),
					link: {
						status: 'expiring',
						has_items: 'yes',
						orderby: 'total',
						order: 'desc',
					},
				},
				{
					id: 'value_expiring_24h',
					label: __(
						'Value expiring within 24 hours',
						'cart-sessions-for-cocart'
					),
					value: money( stats.value_expiring_24h ),
					// Live carts (the view's default status) expiring within a day, soonest first.
					link: {
						expires_within: '1',
						has_items: 'yes',
						orderby: 'expires',
						order: 'asc',
					},
					hint:
						stats.carts_expiring_24h === null
							? undefined
							: sprintf(
									/* translators: %s: number of carts */
									_n(
										'In %s cart.',
										'In %s carts.',
										stats.carts_expiring_24h,
										'cart-sessions-for-cocart'
									),
									count( stats.carts_expiring_24h )
								),
				},
			],
		},
		{
			title: __( 'Source', 'cart-sessions-for-cocart' ),
			items: [
				{
					id: 'source_cocart',
					label: sourceLabel( 'cocart' ),
					value: count( stats.by_source.cocart ),
					link: { status: 'all', source: 'cocart' },
				},
				{
					id: 'source_woocommerce',
					label: sourceLabel( 'woocommerce' ),
					value: count( stats.by_source.woocommerce ),
					link: { status: 'all', source: 'woocommerce' },
				},
				{
					id: 'source_other',
					label: sourceLabel( 'other' ),
					value: count( stats.by_source.other ),
					link: { status: 'all', source: 'other' },
				},
			],
		},
	];
}

/**
 * The Overview tab: what is sitting in carts right now (GET stats), each number linking to the Sessions tab
 * filtered to the carts behind it, the top products, and a 30-day trend from the daily snapshots.
 */
export function OverviewTab( {
	onOpenTab,
}: {
	onOpenTab: ( tab: TabName ) => void;
} ) {
	const route = useRoute(
		'stats',
		( { signal, refresh, live } ) => getStats( { refresh, live }, signal ),
		// Poll while the first scan runs: each request advances it a little and reports how far it got.
		{ pollAfter: ( answer ) => ( answer.scan.done ? false : POLL_MS ) }
	);
	const { data: stats, error, refresh } = route;
	// The numbers stay live: asked again every minute while this browser tab is visible.
	const live = useLiveRefresh( route );
	const scanning = stats !== null && ! stats.scan.done;
	// The trend: once at start and again when a scan finishes (that records today's snapshot).
	const trend = useRoute( scanning ? null : 'history', ( { signal } ) =>
		getHistory( 30, signal )
	);
	const history = trend.error ? [] : ( trend.data?.days ?? null );

	const openSessions = ( event: MouseEvent, params: SessionsParams ) => {
		if ( ! isPlainClick( event ) ) {
			return;
		}
		event.preventDefault();
		window.history.pushState( null, '', sessionsUrl( params ) );
		onOpenTab( 'sessions' );
	};

	if ( error && ! stats ) {
		return (
			<ListProblem
				error={ error }
				onRetry={ refresh }
				onOpenTab={ onOpenTab }
			/>
		);
	}
	if ( ! stats ) {
		return <OverviewSkeleton />;
	}

	const link = (
		params: SessionsParams,
		children: ReactNode,
		props: { className?: string; describedBy?: string } = {}
	) => (
		<a
			href={ sessionsUrl( params ) }
			className={ props.className }
			aria-describedby={ props.describedBy }
			onClick={ ( event ) => openSessions( event, params ) }
		>
			{ children }
		</a>
	);
	const money = ( amount: string | null ) =>
		formatMoney( amount, stats.currency );
	const worth = stats.worth_chasing;

	return (
		<div className="cart-sessions-overview" data-testid="overview">
			<div className="cart-sessions-overview__toolbar">
				<span>
					{ sprintf(
						/* translators: %s: date and time */
						__( 'Carts as of %s', 'cart-sessions-for-cocart' ),
						formatDateTime( stats.fetched_at )
					) }
				</span>
				<LiveStatus live={ live } />
				<Button variant="tertiary" size="compact" onClick={ refresh }>
					{ __( 'Refresh', 'cart-sessions-for-cocart' ) }
				</Button>
			</div>

			{ error && (
				<Notice status="warning" isDismissible={ false }>
					{ error.message } { error.fix }
				</Notice>
			) }

			{ stats.stale && (
				<Notice status="warning" isDismissible={ false }>
					{ __(
						'The store did not answer just now, so these numbers are from the last list of carts it sent. Refresh to try again.',
						'cart-sessions-for-cocart'
					) }
				</Notice>
			) }

			{ scanning && (
				<div className="cart-sessions-overview__scan">
					<label htmlFor="cart-sessions-scan-progress">
						{ sprintf(
							/* translators: 1: carts read so far, 2: all carts */
							__(
								'Reading the carts’ contents: %1$s of %2$s. The numbers about items, value and products count the carts read so far.',
								'cart-sessions-for-cocart'
							),
							count( stats.scan.scanned ),
							count( stats.scan.total )
						) }
					</label>
					<progress
						id="cart-sessions-scan-progress"
						max={ Math.max( 1, stats.scan.total ) }
						value={ stats.scan.scanned }
					/>
				</div>
			) }

			{ stats.scan.failed > 0 && (
				<Notice status="info" isDismissible={ false }>
					{ sprintf(
						/* translators: %d: number of carts */
						_n(
							'The store could not send the contents of %d cart, so it is left out of the numbers about items, value and products. The Sessions tab shows why.',
							'The store could not send the contents of %d carts, so they are left out of the numbers about items, value and products. The Sessions tab shows why.',
							stats.scan.failed,
							'cart-sessions-for-cocart'
						),
						stats.scan.failed
					) }
				</Notice>
			) }

			{ ! stats.available && stats.unavailable && (
				<Notice
					status="error"
					isDismissible={ false }
					className="cart-sessions-overview__unavailable"
				>
					<p>
						<strong>{ stats.unavailable.message }</strong>
					</p>
					<p>
						{ sprintf(
							/* translators: %s: list of numbers, e.g. "total value, top products" */
							__(
								'The counts below come from the store’s status report. These need the list of carts and are not shown until it works again: %s.',
								'cart-sessions-for-cocart'
							),
							stats.needs_list
								.map(
									( name ) =>
										NEEDS_LIST_LABELS[ name ]?.() ?? name
								)
								.join( ', ' )
						) }
					</p>
					{ stats.unavailable.fix && (
						<p>{ stats.unavailable.fix }</p>
					) }
					<Button
						variant="primary"
						onClick={ () => onOpenTab( 'cleanup' ) }
					>
						{ __(
							'Clear expired carts',
							'cart-sessions-for-cocart'
						) }
					</Button>
				</Notice>
			) }

			{ worth && worth.carts > 0 && (
				<div
					className="cart-sessions-overview__lead"
					data-figure="worth_chasing"
				>
					<p>
						<strong>
							{ sprintf(
								/* translators: 1: money value, 2: number of carts */
								_n(
									'%1$s is waiting in %2$s cart you can still win back.',
									'%1$s is waiting in %2$s carts you can still win back.',
									worth.carts,
									'cart-sessions-for-cocart'
								),
								money( worth.value ),
								count( worth.carts )
							) }
						</strong>{ ' ' }
						{ __(
							'Live carts with items whose customer left an email.',
							'cart-sessions-for-cocart'
						) }
						{ Number( stats.value_expiring_24h ?? 0 ) > 0 &&
							' ' +
								sprintf(
									/* translators: %s: money value */
									__(
										'Across all live carts, %s expires within 24 hours.',
										'cart-sessions-for-cocart'
									),
									money( stats.value_expiring_24h )
								) }
					</p>
					{ link(
						WORTH_CHASING,
						sprintf(
							/* translators: %s: number of carts */
							_n(
								'See the %s cart worth chasing',
								'See the %s carts worth chasing',
								worth.carts,
								'cart-sessions-for-cocart'
							),
							count( worth.carts )
						),
						{ className: 'components-button is-primary' }
					) }
				</div>
			) }

			{ figures( stats ).map( ( group ) => (
				<section
					key={ group.title }
					className="cart-sessions-overview__group"
					aria-label={ group.title }
				>
					<h2>{ group.title }</h2>
					<ul className="cart-sessions-overview__cards">
						{ group.items.map( ( figure ) => (
							<li
								key={ figure.id }
								className="cart-sessions-overview__card"
								data-figure={ figure.id }
							>
								{ /* The whole card is the link; its name is the label and the number. */ }
								{ figure.value === '—' ? (
									<CardContent figure={ figure } />
								) : (
									link(
										figure.link,
										<CardContent figure={ figure } />,
										{
											className:
												'cart-sessions-overview__card-link',
											describedBy: figure.hint
												? `cart-sessions-figure-${ figure.id }-hint`
												: undefined,
										}
									)
								) }
								{ figure.hint && (
									<span
										className="cart-sessions-overview__hint"
										id={ `cart-sessions-figure-${ figure.id }-hint` }
									>
										{ figure.hint }
									</span>
								) }
							</li>
						) ) }
					</ul>
				</section>
			) ) }

			{ stats.available && (
				<section
					className="cart-sessions-overview__group"
					aria-label={ __(
						'Top products in carts',
						'cart-sessions-for-cocart'
					) }
				>
					<h2>
						{ __(
							'Top products in carts',
							'cart-sessions-for-cocart'
						) }
					</h2>
					{ stats.top_products.length === 0 ? (
						<p>
							{ __(
								'No products in carts.',
								'cart-sessions-for-cocart'
							) }
						</p>
					) : (
						<table className="widefat striped cart-sessions-overview__products">
							<caption className="screen-reader-text">
								{ __(
									'Top products in carts, by quantity',
									'cart-sessions-for-cocart'
								) }
							</caption>
							<thead>
								<tr>
									<th scope="col">
										{ __(
											'Product',
											'cart-sessions-for-cocart'
										) }
									</th>
									<th scope="col">
										{ __(
											'Quantity',
											'cart-sessions-for-cocart'
										) }
									</th>
									<th scope="col">
										{ __(
											'Value',
											'cart-sessions-for-cocart'
										) }
									</th>
								</tr>
							</thead>
							<tbody>
								{ stats.top_products.map( ( product ) => (
									<tr key={ product.product_id }>
										<th scope="row">
											{ link(
												{
													status: 'all',
													product: String(
														product.product_id
													),
													orderby: 'total',
													order: 'desc',
												},
												product.name ||
													sprintf(
														/* translators: %d: product ID */
														__(
															'Product #%d',
															'cart-sessions-for-cocart'
														),
														product.product_id
													)
											) }
										</th>
										<td>{ count( product.quantity ) }</td>
										<td>
											{ formatMoney(
												product.value,
												stats.currency
											) }
										</td>
									</tr>
								) ) }
							</tbody>
						</table>
					) }
				</section>
			) }

			<section
				className="cart-sessions-overview__group"
				aria-label={ __( 'Last 30 days', 'cart-sessions-for-cocart' ) }
			>
				<h2>{ __( 'Last 30 days', 'cart-sessions-for-cocart' ) }</h2>
				{ history === null && <Spinner /> }
				{ history?.length === 0 && (
					<p className="cart-sessions-overview__empty">
						{ __(
							'No trend yet: these numbers are kept once a day, so the chart starts with today’s and grows from tomorrow.',
							'cart-sessions-for-cocart'
						) }
					</p>
				) }
				{ !! history?.length && (
					<TrendChart days={ history } span={ 30 } />
				) }
			</section>
		</div>
	);
}

/**
 * One card's label and number, inside the card's link.
 * @param root0
 * @param root0.figure
 */
function CardContent( { figure }: { figure: Figure } ) {
	return (
		<>
			<span className="cart-sessions-overview__label">
				{ figure.label }
			</span>{ ' ' }
			<span className="cart-sessions-overview__value">
				{ figure.value }
			</span>
		</>
	);
}

/**
 * The Overview's shape while its first numbers load: grey blocks where the cards will be, not a bare spinner.
 */
function OverviewSkeleton() {
	return (
		<div
			className="cart-sessions-overview cart-sessions-overview--loading"
			aria-busy="true"
		>
			<p className="screen-reader-text" role="status">
				{ __( 'Loading the numbers…', 'cart-sessions-for-cocart' ) }
			</p>
			{ [ 6, 4, 3 ].map( ( cards, group ) => (
				<div
					key={ group }
					className="cart-sessions-overview__group"
					aria-hidden="true"
				>
					<div className="cart-sessions-overview__skeleton-title" />
					<ul className="cart-sessions-overview__cards">
						{ Array.from( { length: cards }, ( _, index ) => (
							<li
								key={ index }
								className="cart-sessions-overview__card cart-sessions-overview__card--skeleton"
							/>
						) ) }
					</ul>
				</div>
			) ) }
		</div>
	);
}
