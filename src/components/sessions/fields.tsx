import type { Field } from '@wordpress/dataviews/wp';
import { __ } from '@wordpress/i18n';
import type { SessionRow } from '../../api/sessions';
import { formatDateTime, formatMoney, formatRelative } from '../../format';
import { CopyButton } from '../CopyButton';

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

export function sourceLabel( source: string ): string {
	if ( source === 'cocart' ) {
		return __( 'Headless', 'cart-sessions-for-cocart' );
	}
	if ( source === 'woocommerce' ) {
		return __( 'Storefront', 'cart-sessions-for-cocart' );
	}
	return __( 'Unknown', 'cart-sessions-for-cocart' );
}

/**
 * Status as text with a shape beside it, so it is not told by colour alone.
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

function DateCell( { iso }: { iso: string | null } ) {
	return (
		<span title={ formatDateTime( iso ) }>{ formatRelative( iso ) }</span>
	);
}

export function sessionFields(): Field< SessionRow >[] {
	return [
		{
			id: 'key',
			label: __( 'Cart key', 'cart-sessions-for-cocart' ),
			enableHiding: false,
			enableGlobalSearch: true,
			filterBy: false,
			render: ( { item } ) => (
				<span className="cart-sessions-key">
					<code>{ item.key }</code>{ ' ' }
					<CopyButton
						iconOnly
						text={ item.key }
						label={ __(
							'Copy cart key',
							'cart-sessions-for-cocart'
						) }
					/>
					{ item.is_key_owner && (
						<span className="cart-sessions-key__owner">
							{ __(
								"API key's own session (not a customer)",
								'cart-sessions-for-cocart'
							) }
						</span>
					) }
				</span>
			),
		},
		{
			id: 'customer',
			label: __( 'Customer', 'cart-sessions-for-cocart' ),
			filterBy: false,
			getValue: ( { item } ) =>
				item.customer.name ?? item.customer.email ?? '',
			render: ( { item } ) => {
				const { name, email } = item.customer;
				if ( ! name && ! email ) {
					return (
						<em>{ __( 'Guest', 'cart-sessions-for-cocart' ) }</em>
					);
				}
				return (
					<span className="cart-sessions-customer">
						{ name && <span>{ name }</span> }
						{ email && (
							<span className="cart-sessions-customer__email">
								{ email }
							</span>
						) }
					</span>
				);
			},
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
			id: 'total',
			label: __( 'Total', 'cart-sessions-for-cocart' ),
			filterBy: false,
			render: ( { item } ) => (
				<span title={ item.detail_error ?? undefined }>
					{ formatMoney( item.total, item.currency ) }
				</span>
			),
		},
		{
			id: 'created',
			label: __( 'Created', 'cart-sessions-for-cocart' ),
			filterBy: false,
			render: ( { item } ) => <DateCell iso={ item.created } />,
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
			filterBy: { operators: [ 'is' ] },
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
			id: 'has_items',
			label: __( 'Has items', 'cart-sessions-for-cocart' ),
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
	];
}
