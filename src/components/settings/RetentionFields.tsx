import { TextControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { SectionProps } from './draft';

/** How long this site keeps its own records: the daily history (and cleanup runs), and the audit log. */
export function RetentionFields( {
	draft,
	onChange,
	errors,
}: Omit< SectionProps, 'settings' > ) {
	return (
		<fieldset className="cart-sessions-settings__retention">
			<legend>
				{ __(
					'Records kept on this site',
					'cart-sessions-for-cocart'
				) }
			</legend>
			<TextControl
				label={ __(
					'Keep the daily history for (days)',
					'cart-sessions-for-cocart'
				) }
				type="number"
				min={ 1 }
				max={ 3650 }
				value={ draft.historyDays }
				onChange={ ( value: string ) =>
					onChange( { historyDays: value } )
				}
				help={
					errors.history_retention_days ??
					__(
						'Daily counts and totals for the Overview chart, and the history of cleanup runs. 1 to 3650 days.',
						'cart-sessions-for-cocart'
					)
				}
			/>
			<TextControl
				label={ __(
					'Keep the audit log for (days)',
					'cart-sessions-for-cocart'
				) }
				type="number"
				min={ 1 }
				max={ 3650 }
				value={ draft.auditDays }
				onChange={ ( value: string ) =>
					onChange( { auditDays: value } )
				}
				help={
					errors.audit_retention_days ??
					__(
						'Who deleted which cart, and when. 1 to 3650 days. The privacy policy guide (Settings → Privacy) quotes both periods.',
						'cart-sessions-for-cocart'
					)
				}
			/>
		</fieldset>
	);
}
