import {
	CheckboxControl,
	SelectControl,
	TextControl,
} from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { CleanupRule } from '../../api/cleanup';

const MONEY = /^[0-9]{1,12}(\.[0-9]{1,8})?$/;

/**
 * What is wrong with a rule as typed, by field (empty when it can be sent).
 */
export function ruleErrors(
	draft: RuleDraft
): Partial< Record< 'expired_days' | 'max_total', string > > {
	const errors: Partial< Record< 'expired_days' | 'max_total', string > > =
		{};
	if ( ! /^[0-9]{1,4}$/.test( draft.expired_days ) ) {
		errors.expired_days = __(
			'Enter a whole number of days, 0 or more (0: every expired cart).',
			'cart-sessions-for-cocart'
		);
	} else if ( Number( draft.expired_days ) > 3650 ) {
		errors.expired_days = __(
			'At most 3650 days.',
			'cart-sessions-for-cocart'
		);
	}
	if ( draft.below && ! MONEY.test( draft.max_total.trim() ) ) {
		errors.max_total = __(
			'Enter an amount such as 25 or 19.99, without a currency sign.',
			'cart-sessions-for-cocart'
		);
	}
	return errors;
}

/** The form's state: text as typed, so a half-typed number is not lost. */
export interface RuleDraft {
	expired_days: string;
	empty_only: boolean;
	source: CleanupRule[ 'source' ];
	below: boolean;
	max_total: string;
	keep_with_email: boolean;
}

export function toDraft( rule: CleanupRule ): RuleDraft {
	return {
		expired_days: String( rule.expired_days ),
		empty_only: rule.empty_only,
		source: rule.source,
		below: rule.max_total !== null,
		max_total: rule.max_total ?? '',
		keep_with_email: rule.keep_with_email,
	};
}

/**
 * The rule, or null while the draft has errors.
 */
export function fromDraft( draft: RuleDraft ): CleanupRule | null {
	if ( Object.keys( ruleErrors( draft ) ).length > 0 ) {
		return null;
	}
	return {
		expired_days: Number( draft.expired_days ),
		empty_only: draft.empty_only,
		source: draft.source,
		max_total: draft.below ? draft.max_total.trim() : null,
		keep_with_email: draft.keep_with_email,
	};
}

/**
 * The rule's fields. Every control is labelled; errors are shown under the field they concern.
 */
export function RuleForm( {
	draft,
	onChange,
	idPrefix,
	disabled = false,
}: {
	draft: RuleDraft;
	onChange: ( next: RuleDraft ) => void;
	idPrefix: string;
	disabled?: boolean;
} ) {
	const errors = ruleErrors( draft );
	const set = ( patch: Partial< RuleDraft > ) =>
		onChange( { ...draft, ...patch } );
	return (
		<fieldset className="cart-sessions-cleanup__rule" disabled={ disabled }>
			<TextControl
				id={ `${ idPrefix }-days` }
				label={ __(
					'Delete carts that expired more than this many days ago',
					'cart-sessions-for-cocart'
				) }
				type="number"
				min={ 0 }
				max={ 3650 }
				value={ draft.expired_days }
				onChange={ ( value ) => set( { expired_days: value } ) }
				help={
					errors.expired_days ??
					__(
						'0 means every expired cart (with no other condition, CoCart’s bulk tool removes them all in one request).',
						'cart-sessions-for-cocart'
					)
				}
			/>
			<CheckboxControl
				label={ __( 'Only empty carts', 'cart-sessions-for-cocart' ) }
				checked={ draft.empty_only }
				onChange={ ( value ) => set( { empty_only: value } ) }
			/>
			<SelectControl
				label={ __( 'Only carts from', 'cart-sessions-for-cocart' ) }
				value={ draft.source }
				options={ [
					{
						value: '',
						label: __( 'Any source', 'cart-sessions-for-cocart' ),
					},
					{
						value: 'cocart',
						label: __(
							'Headless (CoCart)',
							'cart-sessions-for-cocart'
						),
					},
					{
						value: 'woocommerce',
						label: __(
							'Storefront (WooCommerce)',
							'cart-sessions-for-cocart'
						),
					},
					{
						value: 'other',
						label: __( 'Other', 'cart-sessions-for-cocart' ),
					},
				] }
				onChange={ ( value: string ) =>
					set( { source: value as RuleDraft[ 'source' ] } )
				}
			/>
			<CheckboxControl
				label={ __(
					'Only carts below a value',
					'cart-sessions-for-cocart'
				) }
				checked={ draft.below }
				onChange={ ( value ) => set( { below: value } ) }
			/>
			{ draft.below && (
				<TextControl
					id={ `${ idPrefix }-max` }
					label={ __(
						'Cart total below',
						'cart-sessions-for-cocart'
					) }
					inputMode="decimal"
					value={ draft.max_total }
					onChange={ ( value ) => set( { max_total: value } ) }
					help={
						errors.max_total ??
						__(
							'In the store’s currency.',
							'cart-sessions-for-cocart'
						)
					}
				/>
			) }
			<CheckboxControl
				label={ __(
					'Keep carts that have a customer email',
					'cart-sessions-for-cocart'
				) }
				help={ __(
					'Those customers might come back, or be worth a reminder.',
					'cart-sessions-for-cocart'
				) }
				checked={ draft.keep_with_email }
				onChange={ ( value ) => set( { keep_with_email: value } ) }
			/>
		</fieldset>
	);
}
