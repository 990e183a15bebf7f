<?php
/**
 * The key pairs a settings save asks for (Settings::save()): the primary pair and the list of backup pairs, read
 * from the save's input against the pairs saved so far, with a message for each field that is wrong. A key given
 * without its secret keeps the secret saved for that key, so a pair can move between primary and backups; when
 * the store moved to another origin no saved secret is kept (the caller blanks them) and the message says why.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Credentials;

final class KeyPairInput {

	/**
	 * @param array<string,mixed>                                                     $input         The save's input.
	 * @param array{consumer_key:string,consumer_secret:string,backup_keys:array}|null $current       The saved pairs;
	 *                                                                                               null: they no
	 *                                                                                               longer decrypt.
	 * @param array{consumer_key:string,consumer_secret:string,backup_keys:array}      $secrets       The pairs to
	 *                                                                                               start from.
	 * @param array{consumer_key:bool,consumer_secret:bool}                            $locked        Fields fixed by
	 *                                                                                               wp-config.php.
	 * @param string|null                                                              $moved_message Set when the
	 *                                                                                               store moved.
	 * @param bool                                                                     $touches       The save changes
	 *                                                                                               the pairs.
	 * @param array<string,string>                                                     $errors        Field => message
	 *                                                                                               (added to).
	 * @return array{consumer_key:string,consumer_secret:string,backup_keys:array} The pairs to save.
	 */
	public static function read(
		array $input,
		?array $current,
		array $secrets,
		array $locked,
		?string $moved_message,
		bool $touches,
		array &$errors
	): array {
		$blank = array(
			'consumer_key'    => '',
			'consumer_secret' => '',
			'backup_keys'     => array(),
		);
		$moved = null !== $moved_message;
		$known = array(); // ck => cs of every pair saved so far, so a pair can move between primary and backups.
		foreach ( array_merge( array( $current ?? $blank ), ( $current ?? $blank )['backup_keys'] ) as $pair ) {
			if ( '' !== $pair['consumer_key'] && '' !== $pair['consumer_secret'] ) {
				$known[ $pair['consumer_key'] ] = $pair['consumer_secret'];
			}
		}

		$key_given    = array_key_exists( 'consumer_key', $input ) && ! isset( $errors['consumer_key'] );
		$secret       = $input['consumer_secret'] ?? null;
		$secret_given = array_key_exists( 'consumer_secret', $input ) && ! isset( $errors['consumer_secret'] )
			&& '' !== trim( (string) ( is_scalar( $secret ) ? $secret : 'x' ) );
		if ( $secret_given ) {
			$error = Validator::consumer_secret( $input['consumer_secret'] );
			if ( null !== $error ) {
				$errors['consumer_secret'] = $error;
				$secret_given              = false;
			}
		}
		if ( $key_given ) {
			$key = is_string( $input['consumer_key'] ) ? trim( $input['consumer_key'] ) : $input['consumer_key'];
			if ( '' === $key ) {
				// Clearing the primary pair.
				if ( $secret_given ) {
					$errors['consumer_key'] = __(
						'Enter the consumer key that goes with this secret.',
						'cart-sessions-for-cocart'
					);
				}
				$secrets['consumer_key']    = '';
				$secrets['consumer_secret'] = '';
			} else {
				$error = Validator::consumer_key( $key );
				if ( null !== $error ) {
					$errors['consumer_key'] = $error;
				} else {
					if ( $key !== $secrets['consumer_key'] ) {
						$secrets['consumer_secret'] = $known[ $key ] ?? '';
					}
					$secrets['consumer_key'] = $key;
				}
			}
		}
		if ( $secret_given && ! isset( $errors['consumer_key'] ) ) {
			$secrets['consumer_secret'] = trim( (string) $input['consumer_secret'] );
		}
		$pair_errors    = isset( $errors['consumer_key'] ) || isset( $errors['consumer_secret'] );
		$secret_missing = '' !== $secrets['consumer_key'] && '' === $secrets['consumer_secret'];
		if ( ! $pair_errors && $secret_missing && ! $locked['consumer_secret'] ) {
			$errors['consumer_secret'] = null === $current
				? __( 'The saved secret can no longer be read (the site’s security keys changed). Enter the consumer secret again.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				: ( $moved
					? (string) $moved_message
					: __( 'Enter the consumer secret for this key.', 'cart-sessions-for-cocart' ) );
			if ( $moved && ! $key_given && ! $locked['consumer_key'] ) {
				$errors['consumer_key'] = (string) $moved_message;
			}
		}
		$key_missing = '' === $secrets['consumer_key'] && ! $locked['consumer_key'];
		if ( $secret_given && $key_missing && ! isset( $errors['consumer_key'] ) ) {
			$errors['consumer_key'] = __(
				'Enter the consumer key that goes with this secret.',
				'cart-sessions-for-cocart'
			);
		}

		if ( array_key_exists( 'backup_keys', $input ) ) {
			$list = $input['backup_keys'];
			$is_list = is_array( $list )
				&& ( array() === $list || array_keys( $list ) === range( 0, count( $list ) - 1 ) );
			if ( ! $is_list ) {
				$errors['backup_keys'] = __( 'Backup keys must be a list of key pairs.', 'cart-sessions-for-cocart' );
			} elseif ( count( $list ) > Settings::MAX_BACKUP_KEYS ) {
				$errors['backup_keys'] = sprintf(
					/* translators: %d: maximum number of backup key pairs */
					__( 'At most %d backup key pairs.', 'cart-sessions-for-cocart' ),
					Settings::MAX_BACKUP_KEYS
				);
			} else {
				$backups = array();
				$seen    = array( $secrets['consumer_key'] => true );
				foreach ( $list as $i => $pair ) {
					$ck    = is_array( $pair ) && is_string( $pair['consumer_key'] ?? null )
						? trim( $pair['consumer_key'] )
						: null;
					$cs    = is_array( $pair ) && is_string( $pair['consumer_secret'] ?? '' )
						? trim( (string) ( $pair['consumer_secret'] ?? '' ) )
						: null;
					$field = 'backup_keys[' . $i . ']';
					if ( null === $ck || null === $cs ) {
						$errors[ $field ] = __(
							'Each backup is a consumer key and a consumer secret.',
							'cart-sessions-for-cocart'
						);
						continue;
					}
					$error = Validator::consumer_key( $ck );
					if ( null !== $error ) {
						$errors[ $field ] = $error;
						continue;
					}
					if ( isset( $seen[ $ck ] ) ) {
						$errors[ $field ] = __( 'This key is already in the list.', 'cart-sessions-for-cocart' );
						continue;
					}
					$seen[ $ck ] = true;
					if ( '' === $cs ) {
						if ( ! isset( $known[ $ck ] ) ) {
							$errors[ $field . '.consumer_secret' ] = __(
								'Enter the consumer secret for this backup key.',
								'cart-sessions-for-cocart'
							);
							continue;
						}
						$cs = $known[ $ck ];
					} else {
						$error = Validator::consumer_secret( $cs );
						if ( null !== $error ) {
							$errors[ $field . '.consumer_secret' ] = $error;
							continue;
						}
					}
					$backups[] = array(
						'consumer_key'    => $ck,
						'consumer_secret' => $cs,
					);
				}
				$secrets['backup_keys'] = $backups;
			}
		} elseif ( $moved && array() !== $secrets['backup_keys'] ) {
			$errors['backup_keys'] = __( 'The store address changed: enter each backup key’s secret again for the new store, or remove the backup keys.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		} elseif ( null === $current && $touches && empty( $input['clear_credentials'] ) ) {
			$secrets['backup_keys'] = array(); // They could not be read; they are gone with the new primary pair.
		}
		return $secrets;
	}
}
