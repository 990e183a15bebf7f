import type { Field } from '@wordpress/dataviews/wp';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { SessionRow } from '../../api/sessions';
import { formatDateTime, formatMoney, formatWhen } from '../../format';

export function statusLabel( status: SessionRow[ 'status' ] ): string {
	switch ( status ) {
		case 'active':
			return __( 'Active', 'cart-sessions-for-cocart' );
		case 'expiring':
			return __( 'Expiring', 'cart-sessions-for-cocart' );
		default:
			return __( 'Expired', 'cart-sessions-for-cocart' );
	}
}

/**
 * The one name of each source on every screen (Sessions, its filter, the panel, the Overview, the first paint).
 * @param source
 */
export function sourceLabel( source: string ): string {
	if ( source === 'cocart' ) {
		return __( 'Headless (CoCart)', 'cart-sessions-for-cocart' );
	}
	if ( source === 'woocommerce' ) {
		return __( 'Storefront', 'cart-sessions-for-cocart' );
	}
	return __( 'Other', 'cart-sessions-for-cocart' );
}

/**
 * "3 items" (a count may be fractional: products sold by weight).
 * @param count
 */
export function itemsLabel( count: number ): string {
	return sprintf(
		/* translators: %s: number of items */
		_n( '%s item', '%s items', count, 'cart-sessions-for-cocart' ),
		new Intl.NumberFormat().format( count )
	);
}

/**
 * Status as a pill: text with a shape beside it, so it is not told by colour alone.
 * @param root0
 * @param root0.status
 */
export function StatusBadge( { status }: { status: SessionRow[ 'status' ] } ) {
	const symbol = { active: '●', expiring: '◐', expired: '○' }[ status ];
	return (
		<span
			className={ `cart-sessions-status cart-sessions-status--${ status }` }
		>
			<span aria-hidden="true">{ symbol } </span>
			{ statusLabel( status ) }
		</span>
	);
}

/**
 * A date as the table shows it: relative within a day ("in 3 hours"), the date itself beyond; the full date and
 * time in the tooltip.
 * @param root0
 * @param root0.iso
 */
export function DateCell( { iso }: { iso: string | null } ) {
	return <span title={ formatDateTime( iso ) }>{ formatWhen( iso ) }</span>;
}

/**
 * Who the cart belongs to: name and email, or "Guest"; the cart key as a second line.
 * @param root0
 * @param root0.item
 */
export function CustomerCell( { item }: { item: SessionRow } ) {
	const { name, email } = item.customer;
	return (
		<span className="cart-sessions-customer">
			<span className="cart-sessions-customer__name">
				{ name || email || (
					<em>{ __( 'Guest', 'cart-sessions-for-cocart' ) }</em>
				) }
			</span>
			{ name && email && (
				<span className="cart-sessions-customer__email">{ email }</span>
			) }
			<code className="cart-sessions-customer__key">{ item.key }</code>
			{ item.is_key_owner && (
				<span className="cart-sessions-key__owner">
					{ __(
						"API key's own session (not a customer)",
						'cart-sessions-for-cocart'
					) }
				</span>
			) }
		</span>
	);
}

export function sessionFields(): Field< SessionRow >[] {
	return [
		{
			id: 'customer',
			label: __( 'Customer', 'cart-sessions-for-cocart' ),
			enableHiding: false,
			enableGlobalSearch: true,
			filterBy: false,
			getValue: ( { item } ) =>
				item.customer.name ?? item.customer.email ?? '',
			render: ( { item } ) => <CustomerCell item={ item } />,
		},
		{
			id: 'total',
			label: __( 'Value', 'cart-sessions-for-cocart' ),
			filterBy: false,
			render: ( { item } ) => (
				<span title={ item.detail_error ?? undefined }>
					{ formatMoney( item.total, item.currency ) }
				</span>
			),
		},
		{
			id: 'item_count',
			label: __( 'Items', 'cart-sessions-for-cocart' ),
			type: 'integer',
			filterBy: false,
			render: ( { item } ) =>
				item.item_count === null ? (
					<span title={ item.detail_error ?? undefined }>—</span>
				) : (
					<>{ item.item_count }</>
				),
		},
		{
			id: 'expires',
			label: __( 'Expires', 'cart-sessions-for-cocart' ),
			filterBy: false,
			render: ( { item } ) => <DateCell iso={ item.expires } />,
		},
		{
			id: 'status',
			label: __( 'Status', 'cart-sessions-for-cocart' ),
			elements: [
				{ value: 'active', label: statusLabel( 'active' ) },
				{
					value: 'expiring',
					label: __(
						'Expiring within 6 hours',
						'cart-sessions-for-cocart'
					),
				},
				{ value: 'expired', label: statusLabel( 'expired' ) },
			],
			filterBy: { operators: [ 'isAny', 'isNone' ], isPrimary: true },
			render: ( { item } ) => <StatusBadge status={ item.status } />,
		},
		{
			id: 'source',
			label: __( 'Source', 'cart-sessions-for-cocart' ),
			elements: [
				{ value: 'cocart', label: sourceLabel( 'cocart' ) },
				{ value: 'woocommerce', label: sourceLabel( 'woocommerce' ) },
				{ value: 'other', label: sourceLabel( '' ) },
			],
			filterBy: { operators: [ 'is' ] },
			getValue: ( { item } ) =>
				[ 'cocart', 'woocommerce' ].includes( item.source )
					? item.source
					: 'other',
			render: ( { item } ) => <>{ sourceLabel( item.source ) }</>,
		},
		{
			id: 'created',
			label: __( 'Created', 'cart-sessions-for-cocart' ),
			filterBy: false,
			render: ( { item } ) => <DateCell iso={ item.created } />,
		},
		// Filters only (not columns): they are never among the view's fields.
		{
			id: 'has_email',
			label: __( 'Customer', 'cart-sessions-for-cocart' ),
			elements: [
				{
					value: 'yes',
					label: __( 'Has an email', 'cart-sessions-for-cocart' ),
				},
				{
					value: 'no',
					label: __( 'Guest (no email)', 'cart-sessions-for-cocart' ),
				},
			],
			filterBy: { operators: [ 'is' ] },
			enableHiding: false,
			enableSorting: false,
			getValue: ( { item } ) => ( item.customer.email ? 'yes' : 'no' ),
		},
		{
			id: 'has_items',
			label: __( 'Items', 'cart-sessions-for-cocart' ),
			elements: [
				{
					value: 'yes',
					label: __( 'With items', 'cart-sessions-for-cocart' ),
				},
				{
					value: 'no',
					label: __( 'Empty', 'cart-sessions-for-cocart' ),
				},
			],
			filterBy: { operators: [ 'is' ] },
			enableHiding: false,
			enableSorting: false,
			getValue: ( { item } ) => {
				if ( item.item_count === null ) {
					return null;
				}
				return item.item_count > 0 ? 'yes' : 'no';
			},
		},
		{
			id: 'expires_within',
			label: __( 'Expires', 'cart-sessions-for-cocart' ),
			elements: [
				{
					value: '1',
					label: __( 'Within 24 hours', 'cart-sessions-for-cocart' ),
				},
				{
					value: '7',
					label: __( 'Within 7 days', 'cart-sessions-for-cocart' ),
				},
				{
					value: '30',
					label: __( 'Within 30 days', 'cart-sessions-for-cocart' ),
				},
				{
					value: '90',
					label: __( 'Within 90 days', 'cart-sessions-for-cocart' ),
				},
			],
			filterBy: { operators: [ 'is' ] },
			enableHiding: false,
			enableSorting: false,
			getValue: () => null,
		},
		{
			// Set from the Overview's top products ("the carts that hold it").
			id: 'product',
			label: __( 'Product ID', 'cart-sessions-for-cocart' ),
			type: 'integer',
			filterBy: { operators: [ 'is' ] },
			enableHiding: false,
			enableSorting: false,
			getValue: () => null,
		},
	];
}
