import { SelectControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { HistoryDay } from '../../api/stats';
import { formatMoney } from '../../format';

type Metric = 'carts' | 'active' | 'expired' | 'with_items' | 'value_total';

const METRICS: Record< Metric, () => string > = {
	carts: () => __( 'Carts in session', 'cart-sessions-for-cocart' ),
	active: () => __( 'Active carts', 'cart-sessions-for-cocart' ),
	expired: () => __( 'Expired carts', 'cart-sessions-for-cocart' ),
	with_items: () => __( 'Carts with items', 'cart-sessions-for-cocart' ),
	value_total: () => __( 'Total value in carts', 'cart-sessions-for-cocart' ),
};

const WIDTH = 600;
const HEIGHT = 160;
const PAD = { top: 12, right: 12, bottom: 24, left: 12 };
const DAY_MS = 86_400_000;

function valueOf( day: HistoryDay, metric: Metric ): number | null {
	const value = day[ metric ];
	return value === null || value === undefined ? null : Number( value );
}

/**
 * A small hand-made SVG line chart of one daily number over the last `span` days (no chart library: a polyline
 * weighs nothing). Accessible: the SVG has a title and a description that state the range, and the same data is
 * available as a table.
 */
export function TrendChart( {
	days,
	span = 30,
}: {
	days: HistoryDay[];
	span?: number;
} ) {
	const [ metric, setMetric ] = useState< Metric >( 'carts' );
	const label = METRICS[ metric ]();
	const show = ( value: number | null, currency: string | null ) => {
		if ( value === null ) {
			return '—';
		}
		return metric === 'value_total'
			? formatMoney( value.toFixed( 2 ), currency )
			: new Intl.NumberFormat().format( value );
	};

	const points = days
		.map( ( day ) => ( {
			day: day.day,
			time: Date.parse( `${ day.day }T00:00:00Z` ),
			value: valueOf( day, metric ),
			currency: day.currency,
		} ) )
		.filter( ( point ) => point.value !== null ) as Array< {
		day: string;
		time: number;
		value: number;
		currency: string | null;
	} >;

	const last = points.length
		? points[ points.length - 1 ].time
		: Date.now() - ( Date.now() % DAY_MS );
	const first = last - ( span - 1 ) * DAY_MS;
	const values = points.map( ( point ) => point.value );
	const max = Math.max( 1, ...values );
	const min = Math.min( 0, ...values );
	const x = ( time: number ) =>
		PAD.left +
		( ( time - first ) / Math.max( DAY_MS, last - first ) ) *
			( WIDTH - PAD.left - PAD.right );
	const y = ( value: number ) =>
		PAD.top +
		( 1 - ( value - min ) / ( max - min || 1 ) ) *
			( HEIGHT - PAD.top - PAD.bottom );
	const path = points
		.map(
			( point ) =>
				`${ x( point.time ).toFixed( 1 ) },${ y( point.value ).toFixed(
					1
				) }`
		)
		.join( ' ' );
	const currency = points.length
		? points[ points.length - 1 ].currency
		: null;

	const description = points.length
		? sprintf(
				/* translators: 1: what is charted, 2: number of days with data, 3: first day, 4: last day, 5: lowest value, 6: highest value, 7: latest value */
				_n(
					'%1$s on %2$d day from %3$s to %4$s: lowest %5$s, highest %6$s, latest %7$s.',
					'%1$s on %2$d days from %3$s to %4$s: lowest %5$s, highest %6$s, latest %7$s.',
					points.length,
					'cart-sessions-for-cocart'
				),
				label,
				points.length,
				points[ 0 ].day,
				points[ points.length - 1 ].day,
				show( Math.min( ...values ), currency ),
				show( Math.max( ...values ), currency ),
				show( points[ points.length - 1 ].value, currency )
			)
		: __(
				'No daily snapshots yet: one is taken each day, so the trend fills in from today.',
				'cart-sessions-for-cocart'
			);

	return (
		<div className="cart-sessions-trend">
			<SelectControl
				__nextHasNoMarginBottom
				label={ __( 'Trend of', 'cart-sessions-for-cocart' ) }
				value={ metric }
				options={ ( Object.keys( METRICS ) as Metric[] ).map(
					( name ) => ( { value: name, label: METRICS[ name ]() } )
				) }
				onChange={ ( next: string ) => setMetric( next as Metric ) }
			/>
			<svg
				className="cart-sessions-trend__chart"
				viewBox={ `0 0 ${ WIDTH } ${ HEIGHT }` }
				role="img"
				aria-labelledby="cart-sessions-trend-title"
				aria-describedby="cart-sessions-trend-desc"
				data-testid="trend-chart"
			>
				<title id="cart-sessions-trend-title">
					{ sprintf(
						/* translators: 1: what is charted, 2: number of days */
						__(
							'%1$s, last %2$d days',
							'cart-sessions-for-cocart'
						),
						label,
						span
					) }
				</title>
				<line
					className="cart-sessions-trend__axis"
					x1={ PAD.left }
					x2={ WIDTH - PAD.right }
					y1={ HEIGHT - PAD.bottom }
					y2={ HEIGHT - PAD.bottom }
				/>
				{ points.length > 1 && (
					<polyline
						className="cart-sessions-trend__line"
						points={ path }
					/>
				) }
				{ points.map( ( point ) => (
					<circle
						key={ point.day }
						className="cart-sessions-trend__point"
						cx={ x( point.time ) }
						cy={ y( point.value ) }
						r={ 3 }
					/>
				) ) }
				<text x={ PAD.left } y={ HEIGHT - 6 } textAnchor="start">
					{ new Date( first ).toISOString().slice( 0, 10 ) }
				</text>
				<text x={ WIDTH - PAD.right } y={ HEIGHT - 6 } textAnchor="end">
					{ new Date( last ).toISOString().slice( 0, 10 ) }
				</text>
			</svg>
			<p
				id="cart-sessions-trend-desc"
				className="cart-sessions-trend__summary"
			>
				{ description }
			</p>
			{ points.length > 0 && (
				<details>
					<summary>
						{ __(
							'Show the data as a table',
							'cart-sessions-for-cocart'
						) }
					</summary>
					<table className="widefat striped">
						<caption className="screen-reader-text">
							{ label }
						</caption>
						<thead>
							<tr>
								<th scope="col">
									{ __(
										'Day (UTC)',
										'cart-sessions-for-cocart'
									) }
								</th>
								<th scope="col">{ label }</th>
							</tr>
						</thead>
						<tbody>
							{ points.map( ( point ) => (
								<tr key={ point.day }>
									<th scope="row">{ point.day }</th>
									<td>
										{ show( point.value, point.currency ) }
									</td>
								</tr>
							) ) }
						</tbody>
					</table>
				</details>
			) }
		</div>
	);
}
