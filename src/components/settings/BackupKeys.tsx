import { Button, TextControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { EMPTY_BACKUP, isLocked, type SectionProps } from './draft';

/**
 * Backup key pairs for rotation: the saved ones as hints, or, once the store manager chooses to replace them, a
 * list of new pairs that a save puts in their place.
 */
export function BackupKeys( {
	settings,
	draft,
	onChange,
	errors,
}: SectionProps ) {
	const backups = draft.backups;
	const setBackups = ( next: typeof backups ) =>
		onChange( { backups: next } );
	const changePair = (
		index: number,
		field: 'consumer_key' | 'consumer_secret',
		value: string
	) =>
		setBackups(
			( backups ?? [] ).map( ( pair, i ) =>
				i === index ? { ...pair, [ field ]: value } : pair
			)
		);

	return (
		<fieldset className="cart-sessions-settings__backups">
			<legend>
				{ __(
					'Backup keys (for rotation)',
					'cart-sessions-for-cocart'
				) }
			</legend>
			<p className="description">
				{ __(
					'If the store refuses the key above, these are tried in order, and this screen says which one is in use.',
					'cart-sessions-for-cocart'
				) }
			</p>
			{ backups === null ? (
				<>
					<ul>
						{ settings.backup_keys.map( ( backup ) => (
							<li key={ backup.index }>
								<code>{ backup.consumer_key_hint }</code>{ ' ' }
								{ backup.secret_saved &&
									__(
										'(secret saved)',
										'cart-sessions-for-cocart'
									) }
							</li>
						) ) }
					</ul>
					{ settings.backup_keys.length === 0 && (
						<p>
							{ __(
								'No backup keys.',
								'cart-sessions-for-cocart'
							) }
						</p>
					) }
					<Button
						variant="secondary"
						disabled={ isLocked( settings, 'backup_keys' ) }
						onClick={ () => setBackups( [ EMPTY_BACKUP ] ) }
					>
						{ settings.backup_keys.length
							? __(
									'Replace backup keys',
									'cart-sessions-for-cocart'
								)
							: __(
									'Add backup keys',
									'cart-sessions-for-cocart'
								) }
					</Button>
				</>
			) : (
				<>
					{ backups.map( ( pair, index ) => (
						<div
							className="cart-sessions-settings__backup"
							key={ index }
						>
							<TextControl
								label={ sprintf(
									/* translators: %d: backup number */
									__(
										'Backup %d consumer key',
										'cart-sessions-for-cocart'
									),
									index + 1
								) }
								value={ pair.consumer_key }
								autoComplete="off"
								onChange={ ( value ) =>
									changePair( index, 'consumer_key', value )
								}
								help={ errors[ `backup_keys[${ index }]` ] }
							/>
							<TextControl
								label={ sprintf(
									/* translators: %d: backup number */
									__(
										'Backup %d consumer secret',
										'cart-sessions-for-cocart'
									),
									index + 1
								) }
								type="password"
								autoComplete="new-password"
								value={ pair.consumer_secret }
								onChange={ ( value ) =>
									changePair(
										index,
										'consumer_secret',
										value
									)
								}
								help={
									errors[
										`backup_keys[${ index }].consumer_secret`
									]
								}
							/>
						</div>
					) ) }
					<p className="description">
						{ __(
							'Saving replaces the saved backup keys with this list (an empty list removes them).',
							'cart-sessions-for-cocart'
						) }
					</p>
					<Button
						variant="secondary"
						onClick={ () =>
							setBackups( [ ...backups, EMPTY_BACKUP ] )
						}
					>
						{ __( 'Add another', 'cart-sessions-for-cocart' ) }
					</Button>{ ' ' }
					<Button
						variant="tertiary"
						onClick={ () => setBackups( null ) }
					>
						{ __(
							'Keep the saved backup keys',
							'cart-sessions-for-cocart'
						) }
					</Button>
				</>
			) }
			{ errors.backup_keys && (
				<p className="cart-sessions-settings__error">
					{ errors.backup_keys }
				</p>
			) }
		</fieldset>
	);
}
