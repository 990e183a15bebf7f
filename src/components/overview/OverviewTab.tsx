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
import { ListProblem } from '../sessions/ListProblem';
import { sessionsUrl, type SessionsParams } from './links';
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
	top_products: () => __( 'top products', 'cart-sessions-for-cocart' ),
};

function count( value: number | null ): string {
	return value === null ? '—' : new Intl.NumberFormat().format( value );
}

interface Figure {
	id: string;
	label: string;
	value: string;
	/** The Sessions tab filtered to the carts behind the number. */
	link: SessionsParams;
	/** Says what the link shows when the number is not exactly a filter of the table (shown under it). */
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
					link: {},
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
					link: { has_items: 'yes' },
				},
				{
					id: 'empty',
					label: __( 'Empty', 'cart-sessions-for-cocart' ),
					value: count( stats.empty ),
					link: { has_items: 'no' },
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
					link: { has_items: 'yes', orderby: 'total', order: 'desc' },
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
					link: {
						status: 'active',
						has_items: 'yes',
						orderby: 'expires',
						order: 'asc',
					},
					hint:
						( stats.carts_expiring_24h === null
							? ''
							: sprintf(
									/* translators: %s: number of carts */
									_n(
										'In %s cart.',
										'In %s carts.',
										stats.carts_expiring_24h,
										'cart-sessions-for-cocart'
									),
									count( stats.carts_expiring_24h )
								) + ' ' ) +
						__(
							'The link lists active carts with items, soonest to expire first.',
							'cart-sessions-for-cocart'
						),
				},
			],
		},
		{
			title: __( 'Source', 'cart-sessions-for-cocart' ),
			items: [
				{
					id: 'source_cocart',
					label: __(
						'Headless (CoCart)',
						'cart-sessions-for-cocart'
					),
					value: count( stats.by_source.cocart ),
					link: { source: 'cocart' },
				},
				{
					id: 'source_woocommerce',
					label: __( 'Storefront', 'cart-sessions-for-cocart' ),
					value: count( stats.by_source.woocommerce ),
					link: { source: 'woocommerce' },
				},
				{
					id: 'source_other',
					label: __( 'Other', 'cart-sessions-for-cocart' ),
					value: count( stats.by_source.other ),
					link: { source: 'other' },
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
		if (
			event.button !== 0 ||
			event.metaKey ||
			event.ctrlKey ||
			event.shiftKey ||
			event.altKey
		) {
			return; // Let the browser open the link in a new tab or window.
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
		return <Spinner />;
	}

	const link = (
		params: SessionsParams,
		children: ReactNode,
		describedBy: string
	) => (
		<a
			href={ sessionsUrl( params ) }
			aria-describedby={ describedBy }
			onClick={ ( event ) => openSessions( event, params ) }
		>
			{ children }
		</a>
	);

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
								<span
									className="cart-sessions-overview__label"
									id={ `cart-sessions-figure-${ figure.id }` }
								>
									{ figure.label }
								</span>
								<span className="cart-sessions-overview__value">
									{ figure.value === '—'
										? figure.value
										: link(
												figure.link,
												figure.value,
												`cart-sessions-figure-${ figure.id }`
											) }
								</span>
								{ figure.hint && (
									<span className="cart-sessions-overview__hint">
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
											{ product.name ||
												sprintf(
													/* translators: %d: product ID */
													__(
														'Product #%d',
														'cart-sessions-for-cocart'
													),
													product.product_id
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
				{ history === null ? (
					<Spinner />
				) : (
					<TrendChart days={ history } span={ 30 } />
				) }
			</section>
		</div>
	);
}
